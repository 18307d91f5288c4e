import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { pageMeta } from "../../components/page";
import { requestAction, requestLoader, type DecisionActionData } from "../../convenor/requests.server";
import { SummaryRow } from "../../components/summary-list";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { DoneNotice, Timeline } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor", group: "request" } satisfies Access;

export const loader = withAccess(access, requestLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });
export const action = withAccess(access, requestAction);

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** One decision: its own form and button, its own fields (ids unique on the page). */
function DecisionForm({ d, page, actionData }: { d: Data["decisions"][number]; page: Data; actionData?: DecisionActionData }) {
  const c = page.copy;
  const mine = actionData?.decision === d.decision;
  const errors = mine ? actionData!.errors : {};
  const value = (k: string) => (mine && typeof actionData!.values[k] === "string" ? (actionData!.values[k] as string) : "");
  const id = (k: string) => `${d.decision}-${k}`;
  const err = (k: string) => (errors[k] ? c.errors[errors[k] as keyof typeof c.errors] ?? c.errors.not_allowed : undefined);
  const describe = (k: string, hint: boolean) => [hint ? `${id(k)}-hint` : null, err(k) ? `${id(k)}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" aria-labelledby={`${id("button")}`}>
      <input type="hidden" name="decision" value={d.decision} />
      <p className="hint">{d.explain}</p>
      {d.decision === "meet_first" ? (
        <div className={`form-group${err("meetOn") ? " form-group--error" : ""}`} id={id("meetOn")}>
          <label className="label" htmlFor={id("meetOn-input")}>
            {c.meetOnField.label}
          </label>
          <div className="hint" id={`${id("meetOn")}-hint`}>
            {c.meetOnField.hint}
          </div>
          {err("meetOn") ? (
            <p className="error-message" id={`${id("meetOn")}-error`}>
              <span className="visually-hidden">Error: </span>
              {err("meetOn")}
            </p>
          ) : null}
          <input className="input input--w10" type="date" id={id("meetOn-input")} name="meetOn" defaultValue={value("meetOn")} aria-describedby={describe("meetOn", true)} />
        </div>
      ) : null}
      {d.decision === "declined" ? (
        <div className={`form-group${err("declineReason") ? " form-group--error" : ""}`} id={id("declineReason")}>
          <label className="label" htmlFor={id("declineReason-input")}>
            {c.reasonField.label}
          </label>
          <div className="hint" id={`${id("declineReason")}-hint`}>
            {c.reasonField.hint}
          </div>
          {err("declineReason") ? (
            <p className="error-message" id={`${id("declineReason")}-error`}>
              <span className="visually-hidden">Error: </span>
              {err("declineReason")}
            </p>
          ) : null}
          <select className="select" id={id("declineReason-input")} name="declineReason" defaultValue={value("declineReason")} aria-describedby={describe("declineReason", true)}>
            <option value="" />
            {page.reasons.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className={`form-group${err("message") ? " form-group--error" : ""}`} id={id("message")}>
        <label className="label" htmlFor={id("message-input")}>
          {page.messageLabel}
        </label>
        <div className="hint" id={`${id("message")}-hint`}>
          {c.message.hint}
        </div>
        {err("message") ? (
          <p className="error-message" id={`${id("message")}-error`}>
            <span className="visually-hidden">Error: </span>
            {err("message")}
          </p>
        ) : null}
        <textarea className="textarea" rows={3} id={id("message-input")} name="message" defaultValue={value("message")} aria-describedby={describe("message", true)} />
      </div>
      <button type="submit" className={`button${d.decision === "declined" ? " button--secondary" : ""}`} id={id("button")}>
        {d.button}
      </button>
    </Form>
  );
}

export default function RequestPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<DecisionActionData>();
  const { copy: c, request: r } = page;
  const summaryErrors = actionData
    ? Object.entries(actionData.errors).map(([field, code]) => ({
        field: field === "decision" ? `${actionData.decision}-button` : `${actionData.decision}-${field}-input`,
        message: c.errors[code as keyof typeof c.errors] ?? c.errors.not_allowed,
      }))
    : [];
  return (
    <main id="main-content" className="main" tabIndex={-1} data-request-id={r.id} data-status={r.status}>
      <Link to="/convenor" className="back-link">
        {c.back}
      </Link>
      <DoneNotice text={page.doneText} />
      <ErrorSummary title="There is a problem" errors={summaryErrors} focusKey={JSON.stringify(actionData ?? null)} />
      <h1 className="heading-xl">{page.title}</h1>
      {page.erasedText ? <p className="body">{page.erasedText}</p> : null}
      <dl className="summary-list">
        <SummaryRow label={c.status}>
          <strong className={`tag tag--${r.status}`}>{r.statusLabel}</strong>
        </SummaryRow>
        <SummaryRow label={c.received}>{r.received}</SummaryRow>
        <SummaryRow label={c.email}>
          <span className="break-anywhere">{r.email}</span>
          <br />
          <span className="hint">{c.emailHint}</span>
        </SummaryRow>
        <SummaryRow label={c.experience}>{r.experience}</SummaryRow>
        <SummaryRow label={c.practice}>{r.practice}</SummaryRow>
        <SummaryRow label={c.distance}>{r.distance}</SummaryRow>
        <SummaryRow label={c.hopes}>
          {r.hopes.length ? (
            <ul className="list list--bullet">
              {r.hopes.map((h) => (
                <li key={h}>{h}</li>
              ))}
            </ul>
          ) : (
            c.noHopes
          )}
        </SummaryRow>
        {r.meetOn ? (
          <SummaryRow label={c.meetOn}>{r.meetOn}</SummaryRow>
        ) : null}
        {r.declineReason ? (
          <SummaryRow label={c.declineReason}>{r.declineReason}</SummaryRow>
        ) : null}
      </dl>
      <h2 className="heading-m">{c.note}</h2>
      {r.note ? (
        <figure>
          <figcaption className="hint">{c.noteLabel}</figcaption>
          <blockquote className="quote">{r.note}</blockquote>
        </figure>
      ) : (
        <p className="body">{c.noNote}</p>
      )}
      <h2 className="heading-l">{c.answerHeading}</h2>
      {page.closedText ? (
        <p className="body">{page.closedText}</p>
      ) : (
        <>
          <p className="body">{page.answerLead}</p>
          {/* One column that may shrink below its content: the decline reason's <select> is as wide as its longest option, and would make phones scroll sideways. */}
          <div className="decision-forms" style={{ gridTemplateColumns: "minmax(0, 1fr)" }}>
            {page.decisions.map((d) => (
              <DecisionForm key={d.decision} d={d} page={page} actionData={actionData} />
            ))}
          </div>
        </>
      )}
      <Timeline heading={c.timelineHeading} entries={page.timeline} />
    </main>
  );
}
