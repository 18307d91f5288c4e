import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Markdown } from "../components/markdown";
import { Page, pageMeta } from "../components/page";
import { getPage } from "../markdown.server";
import siteJson from "../../content/site.json";

/** When the page's title is the service's name, it is said once, not "<name> – <name>". */
export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const tags = pageMeta(data.title, data.description);
  return data.title === siteJson.serviceName ? tags.map((m) => ("title" in m ? { title: data.title } : m)) : tags;
};

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
