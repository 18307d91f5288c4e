import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupDetails } from "../components/group-details";
import { Page, pageMeta } from "../components/page";
import { groupPage } from "../groups/group-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.group.name, data.description) : []);

/** Nothing on this page needs the browser's help: it ships as plain HTML, with no JavaScript (see docs/decisions/005). */
export const handle = { hydrate: false };

export const loader = ({ params, context }: LoaderFunctionArgs) => groupPage(context.db, params.slug);

export default function GroupRoute() {
  const d = useLoaderData<typeof loader>();
  return (
    <Page backHref="/groups" backLabel={d.copy.back}>
      <GroupDetails d={d} />
    </Page>
  );
}
