import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { pageMeta } from "../../components/page";
import { personAction, personLoader } from "../../staff/admin.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["revoke", "revoke-all", "role", "remove"] } satisfies Access;

export const loader = withAccess(access, personLoader);
export const action = withAccess(access, personAction);

export default function Person() {
  const p = useLoaderData<typeof loader>();
  const c = p.copy;
  return (
    <main id="main-content" className="main" tabIndex={-1} data-user-id={p.id}>
      <Link to="/staff/people" className="back-link">
        {c.back}
      </Link>
      {p.notice ? (
        <div className="notification" role="status">
          <p className="body">{p.notice}</p>
        </div>
      ) : null}
      <h1 className="heading-xl break-anywhere">{p.title}</h1>
      <h2 className="heading-l">{c.roleHeading}</h2>
      <p className="body">{p.roleLabel}</p>
      {p.isMe ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="role" value={p.role === "staff" ? "convenor" : "staff"} />
          <button type="submit" className="button button--secondary">
            {p.role === "staff" ? c.makeConvenor : c.makeStaff}
          </button>
        </Form>
      )}
      <h2 className="heading-l">{c.sessionsHeading}</h2>
      {p.sessions.length ? (
        <>
          <Table columns={[{ label: c.device }, { label: c.started }, { label: c.lastSeen }, { label: <span className="visually-hidden">{c.revoke}</span> }]}>
            {p.sessions.map((s) => (
              <tr key={s.key}>
                <td>{s.device}</td>
                <td>{s.started}</td>
                <td>{s.lastSeen}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="session" value={s.key} />
                    <button type="submit" className="button button--secondary button--small">
                      {c.revoke}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </Table>
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-all" />
            <button type="submit" className="button button--warning">
              {c.revokeAll}
            </button>
          </Form>
        </>
      ) : (
        <p className="body">{c.noSessions}</p>
      )}
      {p.isMe ? null : (
        <>
          <h2 className="heading-l">{c.removeHeading}</h2>
          <p className="hint" id="remove-hint">
            {c.removeHint}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="remove" />
            <button type="submit" className="button button--warning" aria-describedby="remove-hint">
              {p.removeLabel}
            </button>
          </Form>
        </>
      )}
    </main>
  );
}
