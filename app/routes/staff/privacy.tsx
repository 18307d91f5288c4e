import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { staffPrivacyAction, staffPrivacyLoader, type StaffPrivacyActionData } from "../../staff/privacy.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";
import { DoneNotice } from "../../components/record";

/** Back-office pages hold personal data: never stored by a browser or a proxy. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["find", "preview", "erase"] } satisfies Access;

export const loader = withAccess(access, staffPrivacyLoader);
export const action = withAccess(access, staffPrivacyAction);

/** The address goes back in hidden fields of POST forms only, never into a URL. */
function AddressForm({ email, intent, label, warning }: { email: string; intent: string; label: string; warning?: boolean }) {
  return (
    <Form method="post" action={intent === "download" ? "/staff/privacy/download" : undefined} reloadDocument={intent === "download"} className="inline-form">
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`button ${warning ? "button--warning" : "button--secondary"}`}>
        {label}
      </button>
    </Form>
  );
}

export default function StaffPrivacy() {
  const { copy, requests } = useLoaderData<typeof loader>();
  const result = useActionData<StaffPrivacyActionData>();
  const error = result?.state === "error" ? copy.errors.invalid : undefined;
  const typed = result?.state === "error" && typeof result.values.email === "string" ? result.values.email : result && "email" in result ? result.email : "";
  return (
    <main id="main-content" className="main" tabIndex={-1}>
      <ErrorSummary title="There is a problem" errors={error ? [{ field: "email", message: error }] : []} focusKey={JSON.stringify(result ?? null)} />
      <DoneNotice text={result?.state === "erased" ? result.text : null} />
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="find" />
        <TextField name="email" type="email" label={copy.emailLabel} hint={copy.emailHint} error={error} value={typed} autoComplete="off" spellCheck={false} width="20" />
        <button type="submit" className="button">
          {copy.findButton}
        </button>
      </Form>
      {result?.state === "found" || result?.state === "preview" ? (
        <section aria-labelledby="held-heading">
          <h2 className="heading-l break-anywhere" id="held-heading">
            {result.state === "preview" ? copy.previewHeading : result.heading}
          </h2>
          {result.state === "preview" ? <p className="body">{copy.previewLead}</p> : null}
          {result.summary.every((s) => s.count === 0) ? (
            <p className="body">{copy.nothing}</p>
          ) : (
            <dl className="summary-list" data-privacy-result>
              {result.summary
                .filter((s) => s.count > 0)
                .map((s) => (
                  <div className="summary-list__row" key={s.kind} data-kind={s.kind}>
                    <dt className="summary-list__key">{s.label}</dt>
                    <dd className="summary-list__value">{s.count}</dd>
                  </div>
                ))}
            </dl>
          )}
          {result.summary.some((s) => (s.kind === "account" || s.kind === "listedConvenorOf") && s.count > 0) ? <p className="hint">{copy.accountKept}</p> : null}
          <div className="button-group">
            <AddressForm email={result.email} intent="download" label={copy.downloadButton} />
            {result.empty ? null : result.state === "preview" ? (
              <AddressForm email={result.email} intent="erase" label={result.eraseLabel} warning />
            ) : (
              <AddressForm email={result.email} intent="preview" label={copy.previewButton} />
            )}
          </div>
        </section>
      ) : null}
      <h2 className="heading-l">{copy.requestsHeading}</h2>
      <p className="hint">{copy.requestsLead}</p>
      <Table columns={[{ label: copy.columns.created }, { label: copy.columns.via }, { label: copy.columns.status }]} empty={copy.none}>
        {requests.map((r) => (
          <tr key={r.id}>
            <td>{r.created}</td>
            <td>{r.via}</td>
            <td>{r.status}</td>
          </tr>
        ))}
      </Table>
    </main>
  );
}
