import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupDirectory } from "../components/group-directory";
import { Page, pageMeta } from "../components/page";
import { directoryLoader } from "../groups/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? pageMeta(data.placeError ? `${data.copy.errorTitlePrefix} ${data.copy.title}` : data.copy.title, data.copy.description) : [];

/** The map is drawn on the server and nothing here needs the browser's help: the page ships no JavaScript (see docs/decisions/005). */
export const handle = { hydrate: false };

export const loader = ({ request, context }: LoaderFunctionArgs) => directoryLoader(context.db, request.url);

export default function Groups() {
  return (
    <Page className="main main--wide">
      <GroupDirectory d={useLoaderData<typeof loader>()} />
    </Page>
  );
}
