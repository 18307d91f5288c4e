import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { withdrawAction, withdrawLoader } from "../withdraw/withdraw.server";

/** The page behind the applicant's "withdraw my request" link: a button to act (GET never changes anything). */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => withdrawLoader(args);
export const action = (args: ActionFunctionArgs) => withdrawAction(args);

export default function Withdraw() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <MessagePage page={acted ?? loaded} />;
}
