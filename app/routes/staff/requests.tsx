import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { staffRequestsLoader } from "../../staff/requests.server";
import { RequestTabs } from "../../staff/request-tabs";
import { Pagination } from "../../components/pagination";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, staffRequestsLoader);

/** Applicants' names: never stored by a browser or a proxy. */
export const headers = () => ({ "Cache-Control": "no-store" });

/**
 * Every group's join requests (MOJ patterns: filter a list, a table sorted
 * on the server with aria-sort, tags, pagination). Each row carries
 * data-request-id and data-status; the download button posts the same filters.
 */
export default function StaffRequests() {
  const { copy, tabs, filters, sortable, caption, requests, summary, total, csv, pagination } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <RequestTabs tabs={tabs} />
      <FilterForm label={copy.filtersHeading} apply={copy.apply} clear={copy.clear} clearTo="/staff/requests" active={filters.active}>
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        {filters.selects.map((s) => (
          <SelectField key={s.name} name={s.name} label={s.label} value={(filters.values as Record<string, string>)[s.name] ?? ""} options={s.options} emptyLabel={s.any} />
        ))}
        <SelectField name="purpose" label={filters.purpose.label} hint={copy.purposeHint} value={filters.values.purpose} options={filters.purpose.options} />
      </FilterForm>
      <p className="body" role="status" data-total={total}>
        {summary}
      </p>
      {/* A plain form, posted by the browser itself: the answer is the file, downloaded. */}
      <form method="post" action={csv.action} className="download-form">
        {csv.fields.map((f) => (
          <input key={f.name} type="hidden" name={f.name} value={f.value} />
        ))}
        <button type="submit" className="button button--secondary download-link" aria-describedby="download-hint">
          {csv.label}
        </button>
        <p className="hint" id="download-hint">
          {csv.hint}
        </p>
      </form>
      <Table
        className="table--sortable"
        caption={caption}
        captionId="requests-caption"
        captionHidden
        columns={sortable.map((c) => ({ label: c.label, href: c.href, ariaSort: c.ariaSort }))}
        empty={copy.none}
      >
        {requests.map((r) => (
          <tr key={r.id} data-request-id={r.id} data-status={r.status}>
            <td>
              <Link to={r.href} className="break-anywhere">
                {r.name}
              </Link>
            </td>
            <td>{r.group}</td>
            <td>
              {r.received}
              {r.overdue ? (
                <>
                  <br />
                  <strong className="overdue-note">{r.overdue}</strong>
                </>
              ) : null}
            </td>
            <td>
              <strong className={`tag tag--${r.status}`}>{r.statusLabel}</strong>
            </td>
          </tr>
        ))}
      </Table>
      <Pagination p={{ ...pagination, previousLabel: copy.previous, nextLabel: copy.next }} />
    </main>
  );
}
