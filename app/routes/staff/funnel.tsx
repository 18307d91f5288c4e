import type { MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { funnelLoader } from "../../staff/funnel.server";
import { FunnelChart } from "../../staff/funnel-chart";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, funnelLoader);

/** The funnel over a range of days: step by step, a chart by week and its table. Counts from 1 to 4 read "fewer than 5". */
export default function Funnel() {
  const { copy, values, errors, page } = useLoaderData<typeof loader>();
  const summary = Object.entries(errors).map(([f, message]) => ({ field: f, message }));
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <ErrorSummary title={copy.errorTitle} errors={summary} focusKey={JSON.stringify(values)} />
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <Form method="get" className="filters" aria-label={copy.rangeHeading} noValidate>
        <TextField name="from" label={copy.from.label} hint={copy.from.hint} error={errors.from} value={values.from} width="10" />
        <TextField name="to" label={copy.to.label} hint={copy.to.hint} error={errors.to} value={values.to} width="10" />
        <button type="submit" className="button button--secondary">
          {copy.apply}
        </button>
      </Form>
      {page ? (
        <>
          <p className="body" data-funnel-range>
            {page.range}
          </p>
          <h2 className="heading-l">{copy.stepsHeading}</h2>
          <div className="table-wrap" role="region" aria-labelledby="funnel-steps-caption" tabIndex={0}>
            <table className="table funnel-table" data-funnel-steps>
              <caption className="hint" id="funnel-steps-caption">
                {page.stepsCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{copy.columns.step}</th>
                  <th scope="col">{copy.columns.reached}</th>
                  <th scope="col">{copy.columns.wentOn}</th>
                  <th scope="col">{copy.columns.stopped}</th>
                </tr>
              </thead>
              <tbody>
                {page.steps.map((s) => (
                  <tr key={s.step} data-step={s.step} className={s.level ? "funnel-table__reason" : undefined}>
                    <th scope="row">{s.label}</th>
                    <td data-count>{s.reached}</td>
                    <td data-went-on>{s.wentOn}</td>
                    <td data-stopped>{s.stopped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2 className="heading-l">{copy.weeksHeading}</h2>
          <FunnelChart chart={page.chart} label={copy.chartLabel} note={copy.chartNote} />
          <div className="table-wrap" role="region" aria-labelledby="funnel-weeks-caption" tabIndex={0}>
            <table className="table funnel-table" data-funnel-weeks>
              <caption className="hint" id="funnel-weeks-caption">
                {copy.weeksCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{copy.weekColumns.week}</th>
                  <th scope="col">{copy.weekColumns.start}</th>
                  <th scope="col">{copy.weekColumns.group}</th>
                  <th scope="col">{copy.weekColumns.training}</th>
                  <th scope="col">{copy.weekColumns.newsletter}</th>
                  <th scope="col">{copy.weekColumns.stopped}</th>
                </tr>
              </thead>
              <tbody>
                {page.weeks.map((w) => (
                  <tr key={w.monday} data-week={w.monday}>
                    <th scope="row">{w.label}</th>
                    <td>{w.start}</td>
                    <td>{w.group}</td>
                    <td>{w.training}</td>
                    <td>{w.newsletter}</td>
                    <td>{w.stopped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="body">{copy.note}</p>
        </>
      ) : null}
    </main>
  );
}
