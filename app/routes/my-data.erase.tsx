import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { ErasePage } from "../privacy/held-page";
import { eraseAction, eraseLoader } from "../privacy/my-data.server";

/** Asks before erasing: only the button (a POST) erases. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => eraseLoader(args);
export const action = (args: ActionFunctionArgs) => eraseAction(args);

export default function MyDataErase() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  if (acted) return <MessagePage page={acted} />;
  return "tone" in loaded ? <MessagePage page={loaded} /> : <ErasePage d={loaded} />;
}
