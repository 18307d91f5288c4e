import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Markdown } from "../components/markdown";
import { Page, pageMeta } from "../components/page";
import { getPage } from "../markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title, data.description) : []);

/** Nothing on this page needs the browser's help: it ships as plain HTML, with no JavaScript (see docs/decisions/005). */
export const handle = { hydrate: false };

export const loader = () => getPage("home")!;

export default function Home() {
  const page = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="heading-xl">{page.title}</h1>
      <Markdown blocks={page.blocks} />
    </Page>
  );
}
