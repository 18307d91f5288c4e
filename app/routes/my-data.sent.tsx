import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { myDataSentLoader } from "../privacy/my-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

/** The same page for every address: it never says whether we hold anything. */
export const loader = () => myDataSentLoader();

export default function MyDataSent() {
  return <MessagePage page={useLoaderData<typeof loader>()} />;
}
