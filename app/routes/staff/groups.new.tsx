import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../../components/page";
import { GroupForm } from "../../staff/group-form";
import { newGroupAction, newGroupLoader, type GroupFormActionData } from "../../staff/groups.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Back-office pages hold personal data: never stored by a browser or a proxy (a loader's own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff" } satisfies Access;

export const loader = withAccess(access, newGroupLoader);
export const action = withAccess(access, newGroupAction);

export default function NewGroup() {
  const { copy, zones, title, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<GroupFormActionData>();
  return (
    <Page backHref="/staff/groups">
      <h1 className="heading-xl">{title}</h1>
      <p className="lead">{copy.newLead}</p>
      <GroupForm copy={copy} zones={zones} values={defaults} actionData={actionData} withStatus submitLabel={copy.createButton} />
    </Page>
  );
}
