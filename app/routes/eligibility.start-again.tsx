import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { wizardContent } from "../content.server";
import { loadWizardSession } from "../eligibility/session.server";
import { WIZARD_BASE } from "../eligibility/steps";
import { currentPath, restartWizard } from "../eligibility/wizard.server";

/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.copy.title) : []);

/** "Start again" asks first: it deletes every answer. Nothing to delete: the start page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await loadWizardSession(request, context);
  if (!session) throw redirect(WIZARD_BASE, { status: 303, headers: { "Cache-Control": "no-store" } });
  return { copy: wizardContent.startAgain, backHref: currentPath(session.snapshot) };
}

export default function StartAgain() {
  const { copy, backHref } = useLoaderData<typeof loader>();
  return (
    <Page backHref={backHref}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="body">{copy.text}</p>
      <div className="button-group">
        <Form method="post">
          <button type="submit" className="button button--warning">
            {copy.button}
          </button>
        </Form>
        <a href={backHref}>{copy.cancel}</a>
      </div>
    </Page>
  );
}

/** The confirmed "Start again": forget this visitor's answers and begin afresh. */
export async function action({ request, context }: ActionFunctionArgs) {
  return restartWizard(request, context);
}
