import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceGroup, TextField } from "../../components/fields";
import { MeetingFields } from "../../components/meeting-fields";
import { Page, pageMeta } from "../../components/page";
import { StepForm } from "../../components/step-form";
import { listingAction, listingLoader, type ListingActionData } from "../../convenor/groups.server";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { DoneNotice } from "../../components/record";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "convenor", group: "slug" } satisfies Access;

export const loader = withAccess(access, listingLoader);

/** Pages with applicants' details: never stored by a browser or a proxy (the loaders' own headers do not reach the page). */
export const headers = () => ({ "Cache-Control": "no-store" });
export const action = withAccess(access, listingAction);

const loadSchema = () => import("../../convenor/listing-schema").then((m) => m.listingSchema);

const FIELD_ORDER = ["name", "description", "format", "status", "capacity", "timeZone", "frequency", "weekday", "week", "anchorDate", "start", "end", "venueNote"];

/** The public listing's editor: the same zod schema checks it in the browser and on the server. */
export default function EditListing() {
  const { copy, title, zones, formats, statusEditable, backHref, values, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<ListingActionData>();
  const v = (k: string) => (actionData && typeof actionData.values[k] === "string" ? (actionData.values[k] as string) : (values[k as keyof typeof values] ?? ""));
  const f = copy.fields;
  const o = copy.options;
  return (
    <Page backHref={backHref}>
      <DoneNotice text={saved ? copy.saved : null} />
      <h1 className="heading-xl">{title}</h1>
      <p className="lead">{copy.lead}</p>
      <StepForm
        schema={loadSchema}
        serverErrors={actionData?.errors}
        messageFor={(_field, code) => copy.errors[code as keyof typeof copy.errors] ?? copy.errors.invalid}
        fieldOrder={FIELD_ORDER}
        errorSummaryTitle="There is a problem"
        submitLabel={copy.button}
      >
        {({ errors }) => (
          <>
            <TextField name="name" label={f.name.label} error={errors.name} value={v("name")} />
            <TextField name="description" label={f.description.label} hint={f.description.hint} error={errors.description} value={v("description")} multiline />
            <ChoiceGroup type="radio" name="format" legend={f.format.label} error={errors.format} value={v("format")} choices={formats.map((x) => ({ value: x, label: o.format[x] }))} small />
            {statusEditable ? (
              <ChoiceGroup type="radio" name="status" legend={f.status.label} error={errors.status} value={v("status")} choices={(["open", "full"] as const).map((x) => ({ value: x, label: o.status[x] }))} small />
            ) : null}
            <MeetingFields copy={copy} zones={zones} errors={errors} value={v} />
            <TextField name="venueNote" label={f.venueNote.label} hint={f.venueNote.hint} error={errors.venueNote} value={v("venueNote")} multiline />
          </>
        )}
      </StepForm>
    </Page>
  );
}
