import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { staffGroupsLoader } from "../../staff/groups.server";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, staffGroupsLoader);

/** Filter a list and a table sorted on the server (MOJ patterns): every group, whatever its status. */
export default function StaffGroups() {
  const { copy, filters, columns, count, groups, sort } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <p className="body">
        <Link to="/staff/groups/new" className="button">
          {copy.add}
        </Link>
      </p>
      <FilterForm label={copy.filtersHeading} apply={copy.apply} clear={copy.clear} clearTo="/staff/groups" active={filters.active}>
        <input type="hidden" name="sort" value={sort.column} />
        <input type="hidden" name="dir" value={sort.dir} />
        <SelectField name="status" label={copy.status} value={filters.status} options={filters.statuses} emptyLabel={copy.anyStatus} />
        <SelectField name="region" label={copy.region} value={filters.region} options={filters.regions} emptyLabel={copy.anyRegion} />
        <SelectField name="format" label={copy.format} value={filters.format} options={filters.formats} emptyLabel={copy.anyFormat} />
        <SelectField name="freshness" label={copy.freshness} value={filters.freshness} options={filters.freshnessOptions} emptyLabel={copy.anyFreshness} />
      </FilterForm>
      <p className="body" role="status">
        {count}
      </p>
      <Table
        columns={[...columns.map((c) => ({ label: c.label, href: c.href, ariaSort: c.sorted })), { label: copy.columns.status }, { label: copy.columns.convenors }]}
        empty={copy.none}
      >
        {groups.map((g) => (
          <tr key={g.slug} data-group-slug={g.slug} data-status={g.status}>
            <td>
              <Link to={g.href}>{g.name}</Link>
              <br />
              <span className="hint">{g.region}</span>
            </td>
            <td>{g.members}</td>
            <td>{g.waiting}</td>
            <td>{g.verified}</td>
            <td>
              <strong className={`tag tag--${g.status}`}>{g.statusLabel}</strong>
            </td>
            <td>{g.convenors}</td>
          </tr>
        ))}
      </Table>
    </main>
  );
}
