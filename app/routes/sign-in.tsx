import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SignInForm } from "../auth/sign-in-forms";
import { signInAction, signInLoader, type SignInActionData } from "../auth/sign-in.server";
import { Page, pageMeta } from "../components/page";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

export const loader = (args: LoaderFunctionArgs) => signInLoader(args);
export const action = (args: ActionFunctionArgs) => signInAction(args);

export default function SignIn() {
  const { copy, signedOut, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<SignInActionData>();
  return (
    <Page>
      {signedOut ? (
        <div className="notification" role="status">
          <p className="body">{copy.signedOut}</p>
        </div>
      ) : null}
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <SignInForm copy={copy} errorSummaryTitle="There is a problem" redirectTo={redirectTo} actionData={actionData} />
      <p className="body">{copy.privacy}</p>
      <p className="body">
        <a href="/eligibility">{copy.notMember}</a>
      </p>
    </Page>
  );
}
