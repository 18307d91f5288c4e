import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { erasedLoader } from "../privacy/my-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export const loader = () => erasedLoader();

export default function MyDataErased() {
  return <MessagePage page={useLoaderData<typeof loader>()} />;
}
