import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "../components/fields";
import { MessagePage } from "../components/message-page";
import { Page, pageMeta } from "../components/page";
import { StepForm } from "../components/step-form";
import { decideAction, decideLoader, type DecideActionData } from "../join/decide.server";

/** A link from an email: never cached, never indexed. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [...(data ? pageMeta(data.title) : []), { name: "robots", content: "noindex" }];

const loadSchema = () => import("../join/decide-schema").then((m) => m.decideSchema);

export const loader = (args: LoaderFunctionArgs) => decideLoader(args);
export const action = (args: ActionFunctionArgs) => decideAction(args);

export default function DecideJoinRequest() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<DecideActionData>();
  const page = actionData?.page ?? loaded;
  if (page.state !== "confirm") return <MessagePage page={{ tone: "problem", title: page.title, paragraphs: [page.text] }} />;
  const message = typeof actionData?.values.message === "string" ? actionData.values.message : "";
  return (
    <Page data-decide-state={page.state}>
      <h1 className="heading-xl">{page.title}</h1>
      <p className="lead">{page.lead}</p>
      <p className="body">{page.explain}</p>
      <StepForm
        schema={loadSchema}
        action={page.action}
        hidden={{ token: page.token }}
        serverErrors={actionData?.errors}
        messageFor={(field, code) => (field === "message" ? (page.message.errors[code] ?? code) : code)}
        fieldOrder={["message"]}
        errorSummaryTitle={page.errorSummaryTitle}
        submitLabel={page.button}
      >
        {({ errors }) => <TextField name="message" label={page.message.label} hint={page.message.hint} error={errors.message} value={message} multiline />}
      </StepForm>
      <p className="body">{page.otherAnswer}</p>
    </Page>
  );
}
