import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { withWayOn } from "../contact/way-on.server";
import { pageMeta } from "../components/page";
import { unsubscribeAction, unsubscribeLoader } from "../newsletter/subscription.server";

/** The page behind a link in our email: a button to act (GET never changes anything). */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = async (args: LoaderFunctionArgs) => withWayOn(await unsubscribeLoader(args), "unsubscribed");
export const action = async (args: ActionFunctionArgs) => withWayOn(await unsubscribeAction(args), "unsubscribed");

export default function Route() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <MessagePage page={acted ?? loaded} />;
}
