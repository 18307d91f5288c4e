import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { NewsletterForm } from "../newsletter/newsletter-form";
import { newsletterAction, newsletterLoader, type NewsletterActionData } from "../newsletter/newsletter.server";


/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.copy.title, data.copy.description) : []);

export const loader = (args: LoaderFunctionArgs) => newsletterLoader(args);
export const action = (args: ActionFunctionArgs) => newsletterAction(args);

export default function Newsletter() {
  const { copy, areaText, waitingText, defaultInterests } = useLoaderData<typeof loader>();
  const actionData = useActionData<NewsletterActionData>();
  return (
    <Page>
      <NewsletterForm
        copy={copy}
        areaText={areaText}
        waitingText={waitingText}
        defaultInterests={defaultInterests}
        actionData={actionData}
        intro={
          <>
            <h1 className="heading-xl">{copy.title}</h1>
            <p className="lead">{copy.lead}</p>
          </>
        }
      />
    </Page>
  );
}
