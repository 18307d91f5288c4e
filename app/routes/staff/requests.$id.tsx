import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { ChoiceGroup, ErrorMessage, SelectField, TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { staffRequestAction, staffRequestLoader, type StaffRequestActionData } from "../../staff/requests.server";
import { SummaryRow } from "../../components/summary-list";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { DoneNotice, Timeline } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["decide", "move"] } satisfies Access;

export const loader = withAccess(access, staffRequestLoader);
export const action = withAccess(access, staffRequestAction);

/** An applicant's details: never stored by a browser or a proxy. */
export const headers = () => ({ "Cache-Control": "no-store" });

/**
 * One request, for staff: its summary, an answer for a silent convenor (one
 * form, through the decision module), moving it to another group, and its
 * timeline. Plain forms: post, then redirect back here with what was done.
 */
export default function StaffRequestPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<StaffRequestActionData>();
  const { copy: c, request: r } = page;
  const message = (code: string | undefined) => (code ? (c.errors[code as keyof typeof c.errors] ?? c.errors.not_allowed) : undefined);
  const errorsFor = (form: "decide" | "move") => (actionData?.form === form ? actionData.errors : {});
  const valueOf = (form: "decide" | "move", key: string) => {
    const v = actionData?.form === form ? actionData.values[key] : undefined;
    return typeof v === "string" ? v : undefined;
  };
  const decide = errorsFor("decide");
  const move = errorsFor("move");
  const summary = actionData
    ? Object.entries(actionData.errors).map(([field, code]) => ({ field: field === "form" ? "decision" : field, message: message(code)! }))
    : [];
  return (
    <main id="main-content" className="main staff-request" tabIndex={-1} data-request-id={r.id} data-status={r.status}>
      <Link to="/staff/requests" className="back-link">
        {c.back}
      </Link>
      <DoneNotice text={page.doneText} />
      <ErrorSummary title={c.errorTitle} errors={summary} focusKey={JSON.stringify(actionData ?? null)} />
      <h1 className="heading-xl break-anywhere">{page.title}</h1>
      <dl className="summary-list">
        <SummaryRow label={c.status}>
          <strong className={`tag tag--${r.status}`}>{r.statusLabel}</strong>
        </SummaryRow>
        <SummaryRow label={c.group}>
          <Link to={r.group.href}>{r.group.name}</Link>
        </SummaryRow>
        <SummaryRow label={c.received}>{r.received}</SummaryRow>
        <SummaryRow label={c.email} valueClassName="break-anywhere">{r.email}</SummaryRow>
        {r.meetOn ? (
          <SummaryRow label={c.meetOn}>{r.meetOn}</SummaryRow>
        ) : null}
        {r.declineReason ? (
          <SummaryRow label={c.declineReason}>{r.declineReason}</SummaryRow>
        ) : null}
      </dl>
      <p className="body">
        <Link to={r.convenorHref}>{c.convenorView}</Link>
      </p>

      {page.closedText ? <p className="body">{page.closedText}</p> : null}

      {page.decisions.length ? (
        <section aria-labelledby="decide-heading">
          <h2 className="heading-l" id="decide-heading">
            {c.decideHeading}
          </h2>
          <p className="body">{page.decideLead}</p>
          <Form method="post" className="panel-form">
            <input type="hidden" name="intent" value="decide" />
            <ChoiceGroup type="radio" name="decision" legend={c.decision} error={message(decide.decision)} choices={page.decisions} value={valueOf("decide", "decision")} small />
            <div className={`form-group${decide.meetOn ? " form-group--error" : ""}`} id="field-meetOn">
              <label className="label" htmlFor="field-meetOn-input">
                {c.meetOnField.label}
              </label>
              <div className="hint" id="field-meetOn-hint">
                {c.meetOnField.hint}
              </div>
              <ErrorMessage name="meetOn" message={message(decide.meetOn)} />
              <input
                className="input input--w10"
                type="date"
                id="field-meetOn-input"
                name="meetOn"
                defaultValue={valueOf("decide", "meetOn") ?? ""}
                aria-describedby={decide.meetOn ? "field-meetOn-hint field-meetOn-error" : "field-meetOn-hint"}
              />
            </div>
            <SelectField name="declineReason" label={c.reasonField.label} hint={c.reasonField.hint} error={message(decide.declineReason)} value={valueOf("decide", "declineReason")} options={page.reasons} emptyLabel="" />
            <TextField name="message" label={c.messageField.label} hint={c.messageField.hint} error={message(decide.message)} value={valueOf("decide", "message")} multiline />
            <button type="submit" className="button">
              {c.decideButton}
            </button>
          </Form>
        </section>
      ) : null}

      {page.closedText ? null : (
        <section aria-labelledby="move-heading">
          <h2 className="heading-l" id="move-heading">
            {c.moveHeading}
          </h2>
          <p className="body">{page.moveLead}</p>
          {page.targets.length ? (
            <Form method="post" className="panel-form">
              <input type="hidden" name="intent" value="move" />
              <SelectField name="group" label={c.moveField.label} hint={c.moveField.hint} error={message(move.group)} value={valueOf("move", "group")} options={page.targets} emptyLabel="" />
              <button type="submit" className="button button--secondary">
                {c.moveButton}
              </button>
            </Form>
          ) : (
            <p className="body">{c.noTargets}</p>
          )}
        </section>
      )}

      <Timeline heading={c.timelineHeading} entries={page.timeline} />
    </main>
  );
}
