/**
 * A page with a title, a few paragraphs and at most one button: the pages
 * behind links in our emails (confirm, unsubscribe, continue, cancel) and what
 * they show afterwards. The button is a plain form, so it works without
 * JavaScript, and a link opened by a mail scanner changes nothing.
 */
import { Form } from "@remix-run/react";
import { Page } from "./page";

export interface MessagePageData {
  /** ask: a button to act; done: it worked; problem: the link cannot be used. */
  tone: "ask" | "done" | "problem";
  title: string;
  paragraphs: string[];
  form?: { action: string; button: string; fields: Record<string, string> };
  links?: { href: string; text: string }[];
}

export function MessagePage({ page }: { page: MessagePageData }) {
  return (
    <Page data-state={page.tone}>
      {page.tone === "done" ? (
        <div className="panel panel--group">
          <h1 className="heading-xl panel__title">{page.title}</h1>
        </div>
      ) : (
        <h1 className="heading-xl">{page.title}</h1>
      )}
      {page.paragraphs.map((p) => (
        <p className="body" key={p}>
          {p}
        </p>
      ))}
      {page.form ? (
        <Form method="post" action={page.form.action}>
          {Object.entries(page.form.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" className="button">
            {page.form.button}
          </button>
        </Form>
      ) : null}
      {page.links?.map((l) => (
        <p className="body" key={l.href}>
          <a href={l.href}>{l.text}</a>
        </p>
      ))}
    </Page>
  );
}
