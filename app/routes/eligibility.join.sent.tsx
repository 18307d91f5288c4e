import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { joinSentLoader } from "../join/join.server";


/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export const loader = (args: LoaderFunctionArgs) => joinSentLoader(args);

export default function JoinSent() {
  const d = useLoaderData<typeof loader>();
  return (
    <Page data-join-reference={d.reference}>
      <div className="panel panel--group">
        <h1 className="heading-xl panel__title">{d.title}</h1>
        <p className="panel__body">{d.panel}</p>
      </div>
      {d.waitingList ? <p className="body">{d.waitingList}</p> : null}
      <h2 className="heading-m">{d.nextHeading}</h2>
      <ol className="list list--number">
        {d.next.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ol>
      <p className="body">{d.privacy}</p>
      <p className="body">
        <a href={d.withdraw.href}>{d.withdraw.text}</a>
      </p>
      <p className="body">
        <a href="/eligibility/outcome">{d.back}</a>
      </p>
    </Page>
  );
}
