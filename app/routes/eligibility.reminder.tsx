import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { RecheckForm } from "../recheck/recheck-form";
import { reminderAction, reminderLoader, type RecheckActionData } from "../recheck/recheck.server";

/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export const loader = (args: LoaderFunctionArgs) => reminderLoader(args);
export const action = (args: ActionFunctionArgs) => reminderAction(args);

export default function Reminder() {
  const { state, copy, title, text, backHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<RecheckActionData>();
  if (state === "set") {
    return (
      <Page data-state="set">
        <div className="panel panel--group">
          <h1 className="heading-xl panel__title">{title}</h1>
        </div>
        <p className="body">{text}</p>
        <p className="body">
          <a href={backHref}>{copy.backToResult}</a>
        </p>
      </Page>
    );
  }
  return (
    <Page backHref={backHref}>
      <h1 className="heading-xl">{title}</h1>
      <p className="body">{text}</p>
      {state === "form" ? <RecheckForm copy={copy} actionData={actionData} /> : null}
    </Page>
  );
}
