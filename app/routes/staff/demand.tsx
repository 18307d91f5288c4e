import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { demandAction, demandLoader, type DemandActionData } from "../../staff/demand.server";
import { DemandMap } from "../../staff/demand-map";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["threshold", "seed"] } satisfies Access;

export const loader = withAccess(access, demandLoader);
export const action = withAccess(access, demandAction);

/** Where people wait with no group near them: the map, the areas table with "Seed a group here", and the threshold. */
export default function Demand() {
  const { copy, lead, notice, summary, summaryNear, map, rows, more, threshold } = useLoaderData<typeof loader>();
  const action = useActionData<DemandActionData>();
  const errors = action?.errors ?? {};
  // A seed refused (the area changed, or a group already forms near it) links to the areas as they are now.
  const problems = [
    ...Object.entries(errors).map(([f, message]) => ({ field: f, message })),
    ...(action?.seedError ? [{ field: "seed", message: action.seedError, href: "#areas" }] : []),
  ];
  const thresholdValue = typeof action?.values.threshold === "string" ? action.values.threshold : String(threshold);
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <ErrorSummary title={copy.errorTitle} errors={problems} focusKey={JSON.stringify(action ?? null)} />
      {notice ? (
        <div className="notification notification--success" role="status" data-notice>
          <p className="body">{notice.text}</p>
          {notice.href ? (
            <p className="body">
              <Link to={notice.href}>{notice.link}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{lead}</p>
      <p className="body" data-demand-summary>
        {summary} {summaryNear}
      </p>
      <DemandMap map={map} label={copy.mapLabel} caption={copy.mapCaption} legend={copy.mapLegend} />
      <h2 className="heading-l" id="areas" tabIndex={-1}>
        {copy.tableHeading}
      </h2>
      <p className="body">{copy.seedLead}</p>
      {rows.length ? (
        <Table
          className="demand-table"
          data-demand-table
          caption={copy.tableCaption}
          captionId="demand-table-caption"
          columns={[{ label: copy.columns.area }, { label: copy.columns.people }, { label: copy.columns.formats }, { label: copy.columns.interests }, { label: copy.columns.action }]}
        >
          {rows.map((r) => (
            <tr key={r.key} data-area={r.key} data-count={r.count} data-above={r.above ? "true" : "false"}>
              <th scope="row">
                {r.area}
                <span className="demand-table__note">{r.spread}</span>
                {r.above ? <strong className="tag tag--above">{copy.aboveThreshold}</strong> : null}
              </th>
              <td data-cell="people">{r.count}</td>
              <td>
                <ul className="demand-table__list">
                  {r.formats.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="demand-table__list">
                  {r.interests.map((i) => (
                    <li key={i}>{i}</li>
                  ))}
                </ul>
              </td>
              <td>
                {r.forming ? (
                  <p className="demand-table__note">{r.forming}</p>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="seed" />
                    <input type="hidden" name="area" value={r.key} />
                    <button type="submit" className="button button--secondary button--small demand-table__seed">
                      {copy.seedButton}
                      <span className="visually-hidden"> {r.seedArea}</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="body">{copy.none}</p>
      )}
      {more ? <p className="body">{more}</p> : null}
      <h2 className="heading-l">{copy.thresholdHeading}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="threshold" />
        <TextField name="threshold" label={copy.threshold.label} hint={copy.threshold.hint} error={errors.threshold} value={thresholdValue} width="10" inputMode="numeric" />
        <button type="submit" className="button">
          {copy.thresholdButton}
        </button>
      </Form>
    </main>
  );
}
