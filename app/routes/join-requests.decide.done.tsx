import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { decidedWithWayOn } from "../contact/way-on.server";
import { pageMeta } from "../components/page";
import { decideDoneLoader } from "../join/decide.server";

export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => decidedWithWayOn(decideDoneLoader(args));

export default function DecideDone() {
  const { title, text, links } = useLoaderData<typeof loader>();
  return <MessagePage page={{ tone: "done", title, paragraphs: [text], links }} />;
}
