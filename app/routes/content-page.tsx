import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Markdown } from "../components/markdown";
import { Page, pageMeta } from "../components/page";
import { getPage } from "../markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title, data.description) : []);

/** Nothing on this page needs the browser's help: it ships as plain HTML, with no JavaScript (see docs/decisions/005). */
export const handle = { hydrate: false };

/** Pages written in content/pages/<path>.md. */
export async function loader({ request }: LoaderFunctionArgs) {
  const slug = new URL(request.url).pathname.replace(/^\/|\/$/g, "");
  const page = getPage(slug);
  if (!page) throw data(null, { status: 404 });
  return page;
}

export default function ContentPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="heading-xl">{page.title}</h1>
      <Markdown blocks={page.blocks} />
    </Page>
  );
}
