import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorMessage, SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { GroupForm } from "../../staff/group-form";
import { staffGroupAction, staffGroupLoader, type GroupFormActionData } from "../../staff/groups.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { DoneNotice, Timeline } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["details", "status", "add-convenor", "remove-convenor"] } satisfies Access;

export const loader = withAccess(access, staffGroupLoader);
export const action = withAccess(access, staffGroupAction);

/** One group for staff: its status (with consequences), convenors, every field, and its timeline. */
export default function StaffGroup() {
  const g = useLoaderData<typeof loader>();
  const actionData = useActionData<GroupFormActionData & { intent: string }>();
  const p = g.page;
  const details = actionData?.intent === "details" ? actionData : undefined;
  const convenorError = actionData?.intent === "add-convenor" ? actionData.errors.email : undefined;
  return (
    <main id="main-content" className="main" tabIndex={-1} data-group-slug={g.slug} data-status={g.status}>
      <Link to="/staff/groups" className="back-link">
        {p.back}
      </Link>
      <DoneNotice text={g.notice} />
      <h1 className="heading-xl">{g.title}</h1>
      <div className="button-group">
        <a href={g.publicHref}>{p.viewPublic}</a>
        <Link to={g.convenorHref}>{p.convenorView}</Link>
      </div>

      <h2 className="heading-l">{p.statusHeading}</h2>
      <p className="body">
        <strong className={`tag tag--${g.status}`}>{g.statusLabel}</strong>
      </p>
      <p className="hint">{p.statusLead}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="status" />
        <SelectField name="status" label={p.statusLabel} value={g.status} options={g.statuses} />
        <button type="submit" className="button">
          {p.statusButton}
        </button>
      </Form>

      <h2 className="heading-l">{p.convenorsHeading}</h2>
      {g.convenors.length ? (
        <ul className="list">
          {g.convenors.map((c) => (
            <li key={c.userId}>
              <Form method="post" className="inline-form">
                <span className="break-anywhere">{c.email}</span>{" "}
                <input type="hidden" name="intent" value="remove-convenor" />
                <input type="hidden" name="userId" value={c.userId} />
                <button type="submit" className="button button--secondary button--small">
                  {c.remove}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="body">{p.convenorsNone}</p>
      )}
      {/* Our own error message, not the browser's: the address is checked on the server (as every other form here). */}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add-convenor" />
        <div className={`form-group${convenorError ? " form-group--error" : ""}`} id="field-email">
          <label className="label" htmlFor="field-email-input">
            {p.addConvenor}
          </label>
          <div className="hint" id="field-email-hint">
            {p.addConvenorHint}
          </div>
          <ErrorMessage name="email" message={convenorError ? g.copy.errors.invalid : undefined} />
          <input
            className={`input input--w20${convenorError ? " input--error" : ""}`}
            type="email"
            id="field-email-input"
            name="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={actionData?.intent === "add-convenor" && typeof actionData.values.email === "string" ? actionData.values.email : ""}
            aria-describedby={convenorError ? "field-email-hint field-email-error" : "field-email-hint"}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {p.addConvenorButton}
        </button>
      </Form>

      <h2 className="heading-l">{p.editButton}</h2>
      <GroupForm copy={g.copy} zones={g.zones} values={g.values} actionData={details} withStatus={false} submitLabel={g.copy.saveButton} hidden={{ intent: "details" }} />

      <Timeline heading={p.timelineHeading} entries={g.timeline} />
    </main>
  );
}
