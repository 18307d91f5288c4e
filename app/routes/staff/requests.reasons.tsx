import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { RequestTabs } from "../../staff/request-tabs";
import { declineReasonsLoader } from "../../staff/requests.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

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
          <Table
            data-reasons="overall"
            caption={copy.overallCaption}
            captionId="reasons-overall"
            captionHidden
            columns={[{ label: copy.reason }, { label: copy.count, className: "table__num" }, { label: copy.share, className: "table__num" }]}
            foot={
              <tr data-reason="total">
                <th scope="row">{copy.total}</th>
                <td className="table__num">{total.toLocaleString("en-AU")}</td>
                <td className="table__num">100%</td>
              </tr>
            }
          >
            {overall.map((r) => (
              <tr key={r.key} data-reason={r.key}>
                <th scope="row">{r.label}</th>
                <td className="table__num">{r.n.toLocaleString("en-AU")}</td>
                <td className="table__num">{r.share}</td>
              </tr>
            ))}
          </Table>
          <h2 className="heading-l">{copy.byGroupHeading}</h2>
          <Table
            data-reasons="by-group"
            caption={copy.byGroupCaption}
            captionId="reasons-by-group"
            captionHidden
            columns={[
              { label: copy.group },
              ...columns.map((c) => ({ label: c.label, className: "table__num" })),
              { label: copy.total, className: "table__num" },
            ]}
          >
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
          </Table>
        </>
      )}
    </main>
  );
}
