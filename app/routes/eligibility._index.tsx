import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { wizardContent } from "../content.server";
import { loadWizardSession } from "../eligibility/session.server";
import { stepPath } from "../eligibility/steps";
import { currentPath, restartWizard } from "../eligibility/wizard.server";


/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.copy.title, data.copy.description) : []);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await loadWizardSession(request, context);
  return {
    copy: wizardContent.start,
    startHref: stepPath("experience"),
    resumeHref: session && session.snapshot.status !== "done" ? currentPath(session.snapshot) : null,
  };
}

export default function EligibilityStart() {
  const { copy, startHref, resumeHref } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <h2 className="heading-m">{copy.askedHeading}</h2>
      <ul className="list list--bullet">
        {copy.asked.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p className="body">{copy.time}</p>
      <a href={resumeHref ?? startHref} role="button" draggable="false" className="button button--start">
        {copy.button}
        <svg className="button__icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      </a>
      <h2 className="heading-m">{copy.privacyHeading}</h2>
      <p className="body">{copy.privacy}</p>
    </Page>
  );
}

/** "Start again": forget this visitor's answers and begin afresh. */
export async function action({ request, context }: ActionFunctionArgs) {
  return restartWizard(request, context);
}
