import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceGroup, TextField } from "../../components/fields";
import { ErrorSummary } from "../../components/error-summary";
import { pageMeta } from "../../components/page";
import { peopleAction, peopleLoader, type PeopleActionData } from "../../staff/admin.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { Table } from "../../components/table";
import { DoneNotice } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, peopleLoader);
export const action = withAccess(access, peopleAction);

export default function People() {
  const { copy, notice, roles, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<PeopleActionData>();
  const errors = actionData?.errors ?? {};
  const message = (k: string) => (errors[k] ? copy.errors[errors[k] as keyof typeof copy.errors] : undefined);
  const value = (k: string) => (typeof actionData?.values[k] === "string" ? (actionData.values[k] as string) : "");
  return (
    <main id="main-content" className="main main--wide" tabIndex={-1}>
      <DoneNotice text={notice} />
      <ErrorSummary title="There is a problem" errors={Object.keys(errors).map((f) => ({ field: f, message: message(f)! }))} focusKey={JSON.stringify(errors)} />
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <Table columns={[{ label: copy.columns.email }, { label: copy.columns.role }, { label: copy.columns.groups }, { label: copy.columns.lastSignIn }, { label: copy.columns.sessions }]}>
        {accounts.map((a) => (
          <tr key={a.id} data-user-id={a.id} data-role={a.role}>
            <td>
              <Link to={a.href} className="break-anywhere">
                {a.email}
              </Link>
            </td>
            <td>{a.roleLabel}</td>
            <td>{a.groups}</td>
            <td>{a.lastSignIn}</td>
            <td>{a.sessions}</td>
          </tr>
        ))}
      </Table>
      <h2 className="heading-l">{copy.addHeading}</h2>
      <p className="hint">{copy.addHint}</p>
      <Form method="post" noValidate>
        <TextField name="email" type="email" label={copy.emailLabel} error={message("email")} value={value("email")} autoComplete="off" spellCheck={false} width="20" />
        <ChoiceGroup type="radio" name="role" legend={copy.roleLabel} error={message("role")} value={value("role")} choices={roles} small />
        <button type="submit" className="button">
          {copy.addButton}
        </button>
      </Form>
    </main>
  );
}
