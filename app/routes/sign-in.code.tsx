import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CodeForm } from "../auth/sign-in-forms";
import { codeAction, codeLoader, type SignInActionData } from "../auth/sign-in.server";
import { Page, pageMeta } from "../components/page";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

export const loader = (args: LoaderFunctionArgs) => codeLoader(args);
export const action = (args: ActionFunctionArgs) => codeAction(args);

export default function SignInCode() {
  const { copy, title, lead, id, code, redirectTo, newCodeHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<SignInActionData>();
  return (
    <Page>
      <h1 className="heading-xl">{title}</h1>
      <p className="lead">{lead}</p>
      <CodeForm copy={copy} errorSummaryTitle="There is a problem" id={id} code={code} redirectTo={redirectTo} actionData={actionData} />
      <p className="body">{copy.noEmail}</p>
      <p className="body">
        <a href={newCodeHref}>{copy.newCode}</a>
      </p>
    </Page>
  );
}
