import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { groupsLoader } from "../../convenor/groups.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor" } satisfies Access;

export const loader = withAccess(access, groupsLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

export default function Groups() {
  const { copy, title, groups } = useLoaderData<typeof loader>();
  return (
    <main id="main-content" className="main" tabIndex={-1}>
      <h1 className="heading-xl">{title}</h1>
      {groups.length ? (
        <ul className="request-list">
          {groups.map((g) => (
            <li key={g.slug} data-group-slug={g.slug} data-status={g.status}>
              <div className="request-list__head">
                <Link to={g.href} className="heading-s">
                  {g.name}
                </Link>
                <strong className={`tag tag--${g.status}`}>{g.statusLabel}</strong>
              </div>
              <p className="request-list__meta">{g.places}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="body">{copy.none}</p>
      )}
    </main>
  );
}
