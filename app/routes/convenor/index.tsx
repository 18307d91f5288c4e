import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { inboxLoader } from "../../convenor/requests.server";
import { Pagination } from "../../components/pagination";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor" } satisfies Access;

export const loader = withAccess(access, inboxLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** The inbox: filter a list (MOJ pattern) by status and group; each request links to its page. */
export default function Inbox() {
  const { copy, lead, filters, requests, summary, pagination } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{lead}</p>
      <FilterForm label={copy.filtersHeading} apply={copy.apply} clear={copy.clear} clearTo="/convenor" active={filters.active}>
        <SelectField name="status" label={copy.status} value={filters.status} options={filters.statuses} emptyLabel={copy.anyStatus} />
        <SelectField name="group" label={copy.group} value={filters.group} options={filters.groups} emptyLabel={copy.anyGroup} />
      </FilterForm>
      <p className="body" role="status">
        {summary}
      </p>
      {requests.length ? (
        <ul className="request-list">
          {requests.map((r) => (
            <li key={r.id} data-request-id={r.id} data-status={r.status}>
              <div className="request-list__head">
                <Link to={r.href} className="heading-s">
                  {r.name}
                </Link>
                <strong className={`tag tag--${r.status}`}>{r.statusLabel}</strong>
              </div>
              <p className="request-list__meta">
                {r.group} · {r.received}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="body">{copy.none}</p>
      )}
      <Pagination p={{ ...pagination, previousLabel: copy.previous, nextLabel: copy.next }} />
    </main>
  );
}
