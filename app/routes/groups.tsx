import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupDirectory } from "../components/group-directory";
import { Page, pageMeta } from "../components/page";
import { directoryLoader } from "../groups/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? pageMeta(data.placeError ? `${data.copy.errorTitlePrefix} ${data.copy.title}` : data.copy.title, data.copy.description) : [];

/**
 * The map is drawn on the server and nothing here needs Remix in the browser:
 * the page ships no bundle, only the few lines that show "your time" in the
 * browser's zone (see docs/decisions/006).
 */
export const handle = { hydrate: false };

/** The cookie that remembers a chosen time zone. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const loader = (args: LoaderFunctionArgs) => directoryLoader(args);

export default function Groups() {
  return (
    <Page className="main main--wide">
      <GroupDirectory d={useLoaderData<typeof loader>()} />
    </Page>
  );
}
