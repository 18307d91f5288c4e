import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupDetails } from "../components/group-details";
import { Page, pageMeta } from "../components/page";
import { groupPageLoader } from "../groups/group-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.group.name, data.description) : []);

/**
 * Nothing on this page needs Remix in the browser: it ships as plain HTML; an
 * online group's page adds only the few lines that show "your time" in the
 * browser's zone (see docs/decisions/006).
 */
export const handle = { hydrate: false };

/** The cookie that remembers a chosen time zone. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const loader = (args: LoaderFunctionArgs) => groupPageLoader(args);

export default function GroupRoute() {
  const d = useLoaderData<typeof loader>();
  return (
    <Page backHref="/groups" backLabel={d.copy.back}>
      <GroupDetails d={d} />
    </Page>
  );
}
