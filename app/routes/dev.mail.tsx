import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { devMailLoader } from "../email/dev-mail.server";
import { Page, pageMeta } from "../components/page";

export const meta: MetaFunction = () => [...pageMeta("Mail sent by this server"), { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "no-store" });

/**
 * With no SMTP server configured, emails are written as .eml files; this page
 * lists them, only to visitors on this machine (it shows personal data).
 */
export const loader = (args: LoaderFunctionArgs) => devMailLoader(args);

export default function DevMail() {
  const { messages, selected } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="heading-xl">Mail sent by this server</h1>
      <p className="body">No mail server is set up (SMTP_URL), so emails are saved as .eml files in the data folder instead of being sent. Only visitors on this machine can see this page.</p>
      {selected ? (
        <section aria-labelledby="message-heading" className="mail-message">
          <h2 className="heading-l" id="message-heading">
            {selected.subject}
          </h2>
          <p className="body">
            To: {selected.to} · {selected.status}
          </p>
          <pre className="mail-text" data-message-text>
            {selected.text}
          </pre>
        </section>
      ) : null}
      <table className="table">
        <caption className="visually-hidden">Emails, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.id} data-kind={m.kind}>
              <td>
                <a href={`/dev/mail?id=${m.id}`}>{m.subject}</a>
              </td>
              <td>{m.to}</td>
              <td>{m.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
