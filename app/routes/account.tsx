import type { MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { accountAction, accountLoader } from "../auth/sign-in.server";
import { Page, pageMeta } from "../components/page";
import type { Access } from "../auth/access";
import { withAccess } from "../auth/access.server";
import { Table } from "../components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "any", intents: ["sign-out-everywhere"] } satisfies Access;

export const loader = withAccess(access, accountLoader);
export const action = withAccess(access, accountAction);

export default function Account() {
  const { copy, lead, sessions } = useLoaderData<typeof loader>();
  return (
    <Page backHref="/convenor">
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{lead}</p>
      <h2 className="heading-l">{copy.sessionsHeading}</h2>
      <p className="body">{copy.sessionsLead}</p>
      <Table columns={[{ label: copy.device }, { label: copy.started }, { label: copy.lastSeen }]}>
        {sessions.map((s) => (
          <tr key={s.key}>
            <td>
              {s.device}
              {s.current ? <strong className="tag tag--blue">{copy.thisDevice}</strong> : null}
            </td>
            <td>{s.createdAt}</td>
            <td>{s.lastSeenAt}</td>
          </tr>
        ))}
      </Table>
      <Form method="post">
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <p className="hint" id="everywhere-hint">
          {copy.everywhereHint}
        </p>
        <button type="submit" className="button button--warning" aria-describedby="everywhere-hint">
          {copy.everywhereButton}
        </button>
      </Form>
    </Page>
  );
}
