import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page, pageMeta } from "../components/page";
import { MyDataForm } from "../privacy/my-data-form";
import { myDataAction, myDataLoader, type MyDataActionData } from "../privacy/my-data.server";

export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.copy.title, data.copy.description) : []);

export const loader = () => myDataLoader();
export const action = (args: ActionFunctionArgs) => myDataAction(args);

export default function MyData() {
  const { copy } = useLoaderData<typeof loader>();
  const actionData = useActionData<MyDataActionData>();
  return (
    <Page>
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <MyDataForm copy={copy} actionData={actionData} />
      <p className="body">{copy.privacy}</p>
    </Page>
  );
}
