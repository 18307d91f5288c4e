import type { MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { Pagination } from "../../components/pagination";
import { outboxAction, outboxLoader } from "../../staff/admin.server";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";
import { DoneNotice } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["retry", "send", "discard", "send-all", "discard-all"] } satisfies Access;

export const loader = withAccess(access, outboxLoader);
export const action = withAccess(access, outboxAction);

export default function Outbox() {
  const { copy, notice, held, filters, count, rows, pagination } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <DoneNotice text={notice} />
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      {held ? (
        <section className="notification" aria-labelledby="held-heading" data-held>
          <h2 id="held-heading" className="heading-m">
            {copy.held.heading}
          </h2>
          <p className="body">{held.text}</p>
          {held.showing ? null : (
            <p className="body">
              <a href={held.href}>{copy.held.show}</a>
            </p>
          )}
          <div className="button-group">
            <OutboxButton intent="send-all" label={copy.held.sendAll} />
            <OutboxButton intent="discard-all" label={copy.held.discardAll} secondary />
          </div>
        </section>
      ) : null}
      <FilterForm label={copy.status} apply={copy.apply} clear={copy.clear} clearTo="/staff/outbox" active={filters.active}>
        <SelectField name="status" label={copy.status} value={filters.status} options={filters.statuses} emptyLabel={copy.anyStatus} />
      </FilterForm>
      <p className="body" role="status">
        {count}
      </p>
      <Table
        columns={[
          { label: copy.columns.id },
          { label: copy.columns.kind },
          { label: copy.columns.to },
          { label: copy.columns.subject },
          { label: copy.columns.status },
          { label: copy.columns.attempts },
          { label: copy.columns.created },
        ]}
        empty={copy.none}
      >
        {rows.map((r) => (
          <tr key={r.id} data-email-id={r.id} data-status={r.status}>
            <td>{r.id}</td>
            <td>{r.kind}</td>
            <td className="break-anywhere">{r.to}</td>
            <td className="break-anywhere">
              {r.subject}
              {r.lastError ? (
                <>
                  <br />
                  <span className="hint">
                    {copy.lastError}: {r.lastError}
                  </span>
                </>
              ) : null}
            </td>
            <td>
              <strong className={`tag tag--outbox-${r.status}`}>{r.statusLabel}</strong>
              {r.canRetry ? <OutboxButton id={r.id} label={copy.retry} small secondary /> : null}
              {r.canSend ? <OutboxButton intent="send" id={r.id} label={copy.held.send} small /> : null}
              {r.canDiscard ? <OutboxButton intent="discard" id={r.id} label={copy.held.discard} small secondary /> : null}
            </td>
            <td>{r.attempts}</td>
            <td>{r.created}</td>
          </tr>
        ))}
      </Table>
      <Pagination p={pagination} />
    </main>
  );
}

/** One outbox action: a POST form with its intent (none: send a failed email again) and the email's number. */
function OutboxButton({ intent, id, label, small, secondary }: { intent?: string; id?: number; label: string; small?: boolean; secondary?: boolean }) {
  return (
    <Form method="post">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {id !== undefined ? <input type="hidden" name="id" value={id} /> : null}
      <button type="submit" className={`button${secondary ? " button--secondary" : ""}${small ? " button--small" : ""}`}>
        {label}
      </button>
    </Form>
  );
}
