import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Checkbox, ChoiceGroup, TextField } from "../components/fields";
import { GroupCard } from "../components/group-card";
import { Honeypot } from "../components/honeypot";
import { Page, pageMeta } from "../components/page";
import { StepForm } from "../components/step-form";
import { joinAction, joinLoader, type JoinActionData } from "../join/join.server";
import type { JoinPageData } from "../join/join-state.server";

/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? pageMeta(data.kind === "form" ? data.title : data.page.title, data.copy.description) : [];

const loadSchema = () => import("../join/schema").then((m) => m.joinSchema);

export const loader = (args: LoaderFunctionArgs) => joinLoader(args);
export const action = (args: ActionFunctionArgs) => joinAction(args);

const NO_LABELS = { askToJoin: "", joinWaitingList: "", distance: "{km} km away", fullNote: "" };

/** Not the form (yet): what comes first, and the one button or links that lead on. */
function JoinFirst({ page }: { page: JoinPageData }) {
  return (
    <>
      <h1 className="heading-xl">{page.title}</h1>
      <p className="lead" data-join-state={page.kind}>
        {page.lead}
      </p>
      <ul className="group-list group-list--single">
        <GroupCard group={page.group} labels={NO_LABELS} headingLevel={2} href={`/groups/${page.group.slug}`} />
      </ul>
      {"changeLead" in page ? <p className="body">{page.changeLead}</p> : null}
      {page.button ? (
        <Form method="post">
          <input type="hidden" name="intent" value={page.button.intent} />
          <button type="submit" className="button">
            {page.button.label}
          </button>
        </Form>
      ) : null}
      {page.links.length ? (
        <>
          {"otherWays" in page ? <h2 className="heading-m">{page.otherWays}</h2> : null}
          <ul className="list">
            {page.links.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.text}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export default function Join() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<JoinActionData>();
  if (d.kind !== "form") {
    return (
      // A page of its own for each state (the form follows a one-click change on the same address).
      <Page backHref={d.backHref} key={d.page.kind}>
        <JoinFirst page={d.page} />
      </Page>
    );
  }
  const { copy, title, lead, group, hopes, backHref } = d;
  const v = actionData?.values;
  const str = (k: string) => (typeof v?.[k] === "string" ? (v[k] as string) : "");
  const chosenHopes = v ? (Array.isArray(v.hopes) ? v.hopes : []) : hopes;
  const consented = v ? v.consent === "yes" : false;
  const messages: Record<string, Record<string, string>> = {
    name: copy.name.errors,
    email: copy.email.errors,
    note: copy.note.errors,
    consent: copy.consent.errors,
    hopes: { invalid: copy.hopes.hint },
  };
  return (
    <Page backHref={backHref} key="form">
      <StepForm
        schema={loadSchema}
        multiValue={["hopes"]}
        serverErrors={actionData?.errors}
        messageFor={(field, code) => messages[field]?.[code] ?? Object.values(messages[field] ?? {})[0] ?? code}
        fieldOrder={["name", "email", "note", "hopes", "consent"]}
        errorSummaryTitle={copy.errorSummaryTitle}
        errorTitlePrefix={copy.errorTitlePrefix}
        submitLabel={copy.button}
        intro={
          <>
            <h1 className="heading-xl">{title}</h1>
            <p className="lead">{lead}</p>
            <ul className="group-list group-list--single">
              <GroupCard group={group} labels={NO_LABELS} headingLevel={2} href={group.href} />
            </ul>
          </>
        }
      >
        {({ errors }) => (
          <>
            <TextField name="name" label={copy.name.label} hint={copy.name.hint} error={errors.name} value={str("name")} autoComplete="name" spellCheck={false} />
            <TextField name="email" type="email" label={copy.email.label} hint={copy.email.hint} error={errors.email} value={str("email")} autoComplete="email" spellCheck={false} />
            <TextField name="note" label={copy.note.label} hint={copy.note.hint} error={errors.note} value={str("note")} multiline />
            <ChoiceGroup
              type="checkbox"
              name="hopes"
              legend={copy.hopes.legend}
              hint={copy.hopes.hint}
              error={errors.hopes}
              choices={Object.entries(copy.hopeOptions).map(([value, o]) => ({ value, label: o.label }))}
              value={chosenHopes}
              small
            />
            <h2 className="heading-m">{copy.summaryHeading}</h2>
            <p className="body">{copy.summary}</p>
            <Checkbox name="consent" label={copy.consent.label} error={errors.consent} checked={consented} />
            <Honeypot />
          </>
        )}
      </StepForm>
    </Page>
  );
}
