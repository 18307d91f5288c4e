import type { MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../../components/error-summary";
import { TextField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { funnelLoader } from "../../staff/funnel.server";
import { FunnelChart } from "../../staff/funnel-chart";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

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
          <Table
            className="funnel-table"
            data-funnel-steps
            caption={page.stepsCaption}
            captionId="funnel-steps-caption"
            columns={[{ label: copy.columns.step }, { label: copy.columns.reached }, { label: copy.columns.wentOn }, { label: copy.columns.stopped }]}
          >
            {page.steps.map((s) => (
              <tr key={s.step} data-step={s.step} className={s.level ? "funnel-table__reason" : undefined}>
                <th scope="row">{s.label}</th>
                <td data-count>{s.reached}</td>
                <td data-went-on>{s.wentOn}</td>
                <td data-stopped>{s.stopped}</td>
              </tr>
            ))}
          </Table>
          <h2 className="heading-l">{copy.weeksHeading}</h2>
          <FunnelChart chart={page.chart} label={copy.chartLabel} note={copy.chartNote} />
          <Table
            className="funnel-table"
            data-funnel-weeks
            caption={copy.weeksCaption}
            captionId="funnel-weeks-caption"
            columns={[
              { label: copy.weekColumns.week },
              { label: copy.weekColumns.start },
              { label: copy.weekColumns.group },
              { label: copy.weekColumns.training },
              { label: copy.weekColumns.newsletter },
              { label: copy.weekColumns.stopped },
            ]}
          >
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
          </Table>
          <p className="body">{copy.note}</p>
        </>
      ) : null}
    </main>
  );
}
