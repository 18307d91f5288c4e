import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { RequestTabs } from "../../staff/request-tabs";
import { declineReasonsLoader } from "../../staff/requests.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, declineReasonsLoader);

export const headers = () => ({ "Cache-Control": "no-store" });

/** Why people were declined: totals by reason code, overall and per group. */
export default function DeclineReasons() {
  const { copy, tabs, total, overall, columns, groups } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <RequestTabs tabs={tabs} />
      {total === 0 ? (
        <p className="body">{copy.none}</p>
      ) : (
        <>
          <h2 className="heading-l">{copy.overallHeading}</h2>
          <div className="table-wrap" role="region" aria-labelledby="reasons-overall" tabIndex={0}>
            <table className="table" data-reasons="overall">
              <caption id="reasons-overall" className="visually-hidden">
                {copy.overallCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{copy.reason}</th>
                  <th scope="col" className="table__num">
                    {copy.count}
                  </th>
                  <th scope="col" className="table__num">
                    {copy.share}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overall.map((r) => (
                  <tr key={r.key} data-reason={r.key}>
                    <th scope="row">{r.label}</th>
                    <td className="table__num">{r.n.toLocaleString("en-AU")}</td>
                    <td className="table__num">{r.share}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-reason="total">
                  <th scope="row">{copy.total}</th>
                  <td className="table__num">{total.toLocaleString("en-AU")}</td>
                  <td className="table__num">100%</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <h2 className="heading-l">{copy.byGroupHeading}</h2>
          <div className="table-wrap" role="region" aria-labelledby="reasons-by-group" tabIndex={0}>
            <table className="table" data-reasons="by-group">
              <caption id="reasons-by-group" className="visually-hidden">
                {copy.byGroupCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{copy.group}</th>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className="table__num">
                      {c.label}
                    </th>
                  ))}
                  <th scope="col" className="table__num">
                    {copy.total}
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.slug} data-group-slug={g.slug}>
                    <th scope="row">{g.name}</th>
                    {g.counts.map((n, i) => (
                      <td key={columns[i]!.key} className="table__num">
                        {n.toLocaleString("en-AU")}
                      </td>
                    ))}
                    <td className="table__num">{g.total.toLocaleString("en-AU")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
