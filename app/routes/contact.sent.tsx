import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MessagePage } from "../components/message-page";
import { pageMeta } from "../components/page";
import { contactSentLoader } from "../contact/contact.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export const loader = () => contactSentLoader();

export default function ContactSent() {
  const d = useLoaderData<typeof loader>();
  return <MessagePage page={{ tone: "done", ...d }} />;
}
