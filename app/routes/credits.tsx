import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Markdown } from "../components/markdown";
import { Page, pageMeta } from "../components/page";
import { creditsPage } from "../markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.page.title, data.page.description) : []);

/** Nothing on this page needs the browser's help: it ships as plain HTML, with no JavaScript (see docs/decisions/005). */
export const handle = { hydrate: false };

export const loader = () => creditsPage();

export default function Credits() {
  const { page, sources } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="heading-xl">{page.title}</h1>
      <Markdown blocks={page.blocks} />
      <ul className="list list--bullet" data-list="data-sources">
        {sources.map((s) => (
          <li key={s.name}>
            {s.url ? <a href={s.url}>{s.name}</a> : s.name}. Licence: {s.licence}. {s.note}
          </li>
        ))}
      </ul>
    </Page>
  );
}
