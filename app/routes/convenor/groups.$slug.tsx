import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { groupAction, groupLoader } from "../../convenor/groups.server";
import { SummaryRow } from "../../components/summary-list";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";
import { DoneNotice, Timeline } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor", group: "slug", intents: ["mark-full", "offer-place"] } satisfies Access;

export const loader = withAccess(access, groupLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });
export const action = withAccess(access, groupAction);

function People({ heading, lead, empty, people, nameColumn, sinceColumn }: { heading: string; lead: string; empty: string; people: { id: number; name: string; since: string; href: string }[]; nameColumn: string; sinceColumn: string }) {
  return (
    <>
      <h2 className="heading-l">{heading}</h2>
      <Table caption={lead} columns={[{ label: nameColumn }, { label: sinceColumn }]} empty={empty}>
        {people.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={p.href}>{p.name}</Link>
            </td>
            <td>{p.since}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export default function GroupPage() {
  const g = useLoaderData<typeof loader>();
  const c = g.copy;
  return (
    <main id="main-content" className="main" tabIndex={-1} data-group-slug={g.slug} data-status={g.status}>
      <Link to="/convenor/groups" className="back-link">
        {c.back}
      </Link>
      <DoneNotice text={g.notice} />
      <h1 className="heading-xl">{g.title}</h1>
      <dl className="summary-list">
        <SummaryRow label={c.statusLabel}>
          <strong className={`tag tag--${g.status}`}>{g.statusLabel}</strong>
        </SummaryRow>
        <SummaryRow label={c.places}>{g.places}</SummaryRow>
      </dl>
      {g.askFull ? (
        <div className="notification">
          <p className="body">{c.askFull}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="mark-full" />
            <button type="submit" className="button">
              {c.markFull}
            </button>
          </Form>
        </div>
      ) : null}
      {g.offer ? (
        <div className="notification">
          <p className="body">{g.offer.text}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="offer-place" />
            <input type="hidden" name="requestId" value={g.offer.requestId} />
            <button type="submit" className="button">
              {g.offer.button}
            </button>
          </Form>
        </div>
      ) : null}
      <div className="button-group">
        <Link to={g.editHref} className="button button--secondary">
          {c.editListing}
        </Link>
        <a href={g.publicHref}>{c.viewPublic}</a>
      </div>
      <People heading={c.membersHeading} lead={c.membersLead} empty={c.noMembers} people={g.members} nameColumn={c.nameColumn} sinceColumn={c.sinceColumn} />
      <People heading={c.waitingHeading} lead={c.waitingLead} empty={c.noWaiting} people={g.waiting} nameColumn={c.nameColumn} sinceColumn={c.sinceColumn} />
      <Timeline heading={c.timelineHeading} entries={g.timeline} />
    </main>
  );
}
