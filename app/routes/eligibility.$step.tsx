import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { saveLinkFor } from "../eligibility/resume.server";
import { StepPage } from "../eligibility/step-pages";
import { stepAction, stepCopy, stepLoader, type StepActionData } from "../eligibility/wizard.server";


/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const { copy } = data.text;
  const title = copy.kind === "place" ? copy.title.replace("{place}", data.page.step === "place" ? data.page.place : "") : copy.title;
  return pageMeta(title);
};

export async function loader(args: LoaderFunctionArgs) {
  const page = await stepLoader(args);
  return { page, text: stepCopy(page.step), saveLink: await saveLinkFor(args.request, args.context) };
}

export async function action(args: ActionFunctionArgs) {
  return stepAction(args);
}

export default function WizardStepRoute() {
  const { page, text, saveLink } = useLoaderData<typeof loader>();
  const actionData = useActionData<StepActionData>();
  return (
    <Page backHref={page.backHref} backLabel={text.common.back} key={page.step}>
      <StepPage page={page} text={text} actionData={actionData} />
      {saveLink ? (
        <p className="body section">
          <a href={saveLink.href}>{saveLink.text}</a>
        </p>
      ) : null}
    </Page>
  );
}
