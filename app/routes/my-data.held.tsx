import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { HeldPage } from "../privacy/held-page";
import { heldLoader } from "../privacy/my-data.server";

/** The page behind the emailed link: what we hold, and a way to erase it. Opening it changes nothing. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => heldLoader(args);

export default function MyDataHeld() {
  const d = useLoaderData<typeof loader>();
  return "tone" in d ? <MessagePage page={d} /> : <HeldPage d={d} />;
}
