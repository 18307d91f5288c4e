import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { saveAction, saveLoader, type SaveActionData } from "../eligibility/resume.server";
import { SaveForm } from "../eligibility/save-form";

/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.sent ? data.copy.sentTitle : data.copy.title) : []);

export const loader = (args: LoaderFunctionArgs) => saveLoader(args);
export const action = (args: ActionFunctionArgs) => saveAction(args);

export default function SaveForLater() {
  const { copy, errorSummaryTitle, errorTitlePrefix, sent, backHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<SaveActionData>();
  if (sent) {
    return (
      <Page data-state="sent">
        <div className="panel panel--group">
          <h1 className="heading-xl panel__title">{copy.sentTitle}</h1>
        </div>
        <p className="body">{copy.sentText}</p>
        <p className="body">{copy.privacy}</p>
        <p className="body">
          <a href={backHref}>{copy.backToQuestions}</a>
        </p>
      </Page>
    );
  }
  return (
    <Page backHref={backHref}>
      <SaveForm
        copy={copy}
        errorSummaryTitle={errorSummaryTitle}
        errorTitlePrefix={errorTitlePrefix}
        actionData={actionData}
        intro={
          <>
            <h1 className="heading-xl">{copy.title}</h1>
            <p className="lead">{copy.lead}</p>
            <p className="body">{copy.validity}</p>
            <p className="body">{copy.privacy}</p>
          </>
        }
      />
    </Page>
  );
}
