import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { WhoIsItFor } from "../components/who-is-it-for";
import { whoIsItFor } from "../criteria-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title, data.description) : []);

export const loader = () => whoIsItFor();

export default function WhoIsItForRoute() {
  return (
    <Page>
      <WhoIsItFor d={useLoaderData<typeof loader>()} />
    </Page>
  );
}
