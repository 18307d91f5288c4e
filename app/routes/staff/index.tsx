import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { overviewLoader } from "../../staff/overview.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, overviewLoader);

/** What needs a person now: a task list (GOV.UK pattern), each count a link to the list behind it. */
export default function Overview() {
  const { copy, items, allClear, groups, areas } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <h2 className="heading-l">{copy.heading}</h2>
      {allClear ? <p className="body">{copy.allClear}</p> : null}
      <ul className="task-summary">
        {items.map((i) => (
          <li key={i.id} className="task-summary__item" data-task={i.id} data-count={i.count}>
            <Link to={i.href} className="task-summary__link">
              {i.label}
            </Link>
            <strong className={`task-summary__count${i.count ? " task-summary__count--some" : ""}`}>{i.countText}</strong>
          </li>
        ))}
      </ul>
      {groups.length ? (
        <>
          <h2 className="heading-m">{copy.groupsHeading}</h2>
          <ul className="list" data-overview-groups>
            {groups.map((g) => (
              <li key={g.key}>
                <Link to={g.href}>{g.name}</Link>: {g.why}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {areas.length ? (
        <>
          <h2 className="heading-m">{copy.demandHeading}</h2>
          <ul className="list" data-overview-areas>
            {areas.map((a) => (
              <li key={a.key}>{a.text}</li>
            ))}
          </ul>
          <p className="body">
            <Link to="/staff/demand">{copy.seeAll}</Link>
          </p>
        </>
      ) : null}
    </main>
  );
}
