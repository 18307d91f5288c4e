import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { ContactForm } from "../contact/contact-form";
import { contactAction, contactLoader, type ContactActionData } from "../contact/contact.server";

/** What was typed comes back after an error; never cached. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.copy.title, data.copy.description) : []);

export const loader = (args: LoaderFunctionArgs) => contactLoader(args);
export const action = (args: ActionFunctionArgs) => contactAction(args);

export default function Contact() {
  const { copy, topic } = useLoaderData<typeof loader>();
  const actionData = useActionData<ContactActionData>();
  return (
    <Page>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <p className="body">
        {copy.myData} <a href="/my-data">{copy.myDataLink}</a>.
      </p>
      <p className="body">{copy.withdraw}</p>
      <ContactForm copy={copy} topic={topic} actionData={actionData} />
      <p className="body">{copy.privacy}</p>
    </Page>
  );
}
