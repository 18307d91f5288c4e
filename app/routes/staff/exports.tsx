import type { MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { pageMeta } from "../../components/page";
import { exportsPageLoader } from "../../staff/exports.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, exportsPageLoader);

export const headers = () => ({ "Cache-Control": "no-store" });

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Kind = Data["kinds"][number];

/** A select with its label, hint and error, ids unique on the page (three forms share field names). */
function Select({ id, name, label, hint, error, value, options, emptyLabel }: { id: string; name: string; label: string; hint?: string; error?: string; value: string; options: { value: string; label: string }[]; emptyLabel: string }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <select className="select" id={id} name={name} defaultValue={value} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <option value="">{emptyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One export: a form posted to its file, which comes back to this page saying what is missing when the ask is incomplete. */
function ExportForm({ k, page }: { k: Kind; page: Data }) {
  const c = page.copy;
  const failed = page.failed?.kind === k.kind ? page.failed : null;
  const errors = (failed?.errors ?? {}) as Record<string, string | undefined>;
  const values = failed?.values;
  const id = (f: string) => `${k.kind}-${f}`;
  const noteDescribed = [`${id("note")}-hint`, errors.note ? `${id("note")}-error` : null].filter(Boolean).join(" ");
  return (
    <section className="export" aria-labelledby={id("heading")} data-export={k.kind}>
      <h2 className="heading-l" id={id("heading")}>
        {k.heading}
      </h2>
      <p className="body">{k.lead}</p>
      {/* reloadDocument: the browser itself posts the form and downloads the file it is answered with. */}
      <Form method="post" action={k.action} reloadDocument className="panel-form">
        {k.filters ? (
          <div className="filters filters--plain">
            {(["status", "group", "age", "overdue"] as const).map((name) => (
              <Select key={name} id={id(name)} name={name} label={k.filters![name].label} value={values?.filters[name] ?? ""} options={k.filters![name].options} emptyLabel={k.filters![name].any} />
            ))}
          </div>
        ) : null}
        <Select id={id("purpose")} name="purpose" label={c.purpose.label} hint={c.purpose.hint} error={errors.purpose} value={values?.purpose ?? ""} options={k.purposes} emptyLabel={c.choosePurpose} />
        <div className={`form-group${errors.note ? " form-group--error" : ""}`}>
          <label className="label" htmlFor={id("note")}>
            {c.note.label}
          </label>
          <div className="hint" id={`${id("note")}-hint`}>
            {c.note.hint}
          </div>
          {errors.note ? (
            <p className="error-message" id={`${id("note")}-error`}>
              <span className="visually-hidden">Error: </span>
              {errors.note}
            </p>
          ) : null}
          <input className="input" type="text" id={id("note")} name="note" defaultValue={values?.note ?? ""} aria-describedby={noteDescribed} aria-invalid={errors.note ? true : undefined} autoComplete="off" />
        </div>
        <details className="details">
          <summary>{c.columnsHeading}</summary>
          <ul className="list list--bullet">
            {k.columns.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
        <button type="submit" className="button">
          {k.button}
        </button>
      </Form>
    </section>
  );
}

/** Exports: groups, join requests and the waiting list as CSV, each with a purpose recorded in the audit log. */
export default function Exports() {
  const page = useLoaderData<typeof loader>();
  const { copy: c, failed } = page;
  const summary = failed ? Object.entries(failed.errors).map(([field, text]) => ({ field, message: text as string, href: `#${failed.kind}-${field}` })) : [];
  return (
    <main id="main-content" className="main" tabIndex={-1}>
      <ErrorSummary title={c.errorTitle} errors={summary} focusKey={JSON.stringify(failed)} />
      <h1 className="heading-xl">{c.title}</h1>
      <p className="lead">{c.lead}</p>
      <p className="body">{c.safety}</p>
      {page.kinds.map((k) => (
        <ExportForm key={k.kind} k={k} page={page} />
      ))}
    </main>
  );
}
