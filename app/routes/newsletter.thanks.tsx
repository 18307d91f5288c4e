import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { wizardContent } from "../content.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export const loader = () => ({ title: wizardContent.newsletter.thanksTitle, text: wizardContent.newsletter.thanksText, home: wizardContent.newsletter.thanksHome });

export default function NewsletterThanks() {
  const { title, text, home } = useLoaderData<typeof loader>();
  return (
    <Page>
      <div className="panel panel--group">
        <h1 className="heading-xl panel__title">{title}</h1>
      </div>
      <p className="body">{text}</p>
      <p className="body">
        <a href="/">{home}</a>
      </p>
    </Page>
  );
}
