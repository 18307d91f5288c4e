import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { devMailLoader } from "../email/dev-mail.server";
import { Page, pageMeta } from "../components/page";

export const meta: MetaFunction = () => [...pageMeta("Mail sent by this server"), { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "no-store" });

/**
 * With no SMTP server configured, emails are written as .eml files; this page
 * lists them, only to those with the key printed in the server's log (it
 * shows personal data and sign-in codes).
 */
export const loader = (args: LoaderFunctionArgs) => devMailLoader(args);

export default function DevMail() {
  const { key, messages, selected } = useLoaderData<typeof loader>();
  const linkTo = (id: number) => `/dev/mail?${new URLSearchParams({ key, id: String(id) })}`;
  return (
    <Page>
      <h1 className="heading-xl">Mail sent by this server</h1>
      <p className="body">No mail server is set up (SMTP_URL), so emails are saved as .eml files in the data folder instead of being sent. Only those with this page's address, key included, as the server printed it at start, can see this page.</p>
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
                <a href={linkTo(m.id)}>{m.subject}</a>
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
