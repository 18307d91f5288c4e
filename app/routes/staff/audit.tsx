import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SelectField, TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { Pagination } from "../../components/pagination";
import { auditLoader } from "../../staff/admin.server";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, auditLoader);

export default function AuditLog() {
  const { copy, filters, count, rows, pagination } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <FilterForm label={copy.filtersHeading} apply={copy.apply} clear={copy.clear} clearTo="/staff/audit" active={filters.active}>
        <SelectField name="action" label={copy.action} value={filters.action} options={filters.actions} emptyLabel={copy.anyAction} />
        <SelectField name="subject" label={copy.subject} value={filters.subject} options={filters.subjects} emptyLabel={copy.anySubject} />
        <TextField name="actor" label={copy.actor} value={filters.actor} width="20" />
      </FilterForm>
      <p className="body" role="status">
        {count}
      </p>
      {rows.length ? (
        <Table
          columns={[
            { label: copy.columns.at },
            { label: copy.columns.actor },
            { label: copy.columns.action },
            { label: copy.columns.subject },
            { label: copy.columns.detail },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} data-audit-id={r.id}>
              <td>{r.at}</td>
              <td className="break-anywhere">{r.actor}</td>
              <td>{r.action}</td>
              <td>{r.subject}</td>
              <td className="break-anywhere">{r.detail}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="body">{copy.none}</p>
      )}
      <Pagination p={pagination} />
    </main>
  );
}
