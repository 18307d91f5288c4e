import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { resumeAction, resumeLoader } from "../eligibility/resume.server";

/** The page behind a link in our email: a button to act (GET never changes anything). */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => resumeLoader(args);
export const action = (args: ActionFunctionArgs) => resumeAction(args);

export default function Route() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return <MessagePage page={acted ?? loaded} />;
}
