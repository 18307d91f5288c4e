import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { checkAction, checkLoader } from "../freshness/freshness.server";

/**
 * "Is the group still meeting?": the page behind each link in the convenors'
 * email. A GET shows the answer and a button (it never changes anything); the
 * button answers. See app/freshness/freshness.server.ts.
 */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => checkLoader(args);
export const action = (args: ActionFunctionArgs) => checkAction(args);

export default function GroupCheckRoute() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <MessagePage page={acted ?? loaded} />;
}
