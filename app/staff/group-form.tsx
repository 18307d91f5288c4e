import { ChoiceGroup, TextField } from "../components/fields";
import { MeetingFields } from "../components/meeting-fields";
import { StepForm } from "../components/step-form";
import type { StaffContent } from "./content.server";

const loadSchema = () => import("./group-schema").then((m) => m.groupSchema);

const FIELD_ORDER = ["name", "slug", "place", "country", "format", "status", "capacity", "timeZone", "frequency", "weekday", "week", "anchorDate", "start", "end", "description", "convenorFirstName"];

interface Props {
  copy: StaffContent["groupForm"];
  zones: { value: string; label: string }[];
  values: Record<string, string>;
  /** Errors and what was sent, after a refused post. */
  actionData?: { errors: Record<string, string>; values: Record<string, string | string[]> };
  /** Creating: the status is chosen here; editing: it has its own form (it has consequences). */
  withStatus: boolean;
  submitLabel: string;
  hidden?: Record<string, string>;
}

/** Every field of a group, with a rhythm editor that works without JavaScript; the same zod schema checks it in the browser and on the server. */
export function GroupForm({ copy, zones, values, actionData, withStatus, submitLabel, hidden }: Props) {
  const v = (k: string) => (actionData && typeof actionData.values[k] === "string" ? (actionData.values[k] as string) : (values[k] ?? ""));
  const f = copy.fields;
  const o = copy.options;
  return (
    <StepForm
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(_field, code) => copy.errors[code as keyof typeof copy.errors] ?? copy.errors.invalid}
      fieldOrder={FIELD_ORDER}
      errorSummaryTitle="There is a problem"
      submitLabel={submitLabel}
      hidden={hidden}
    >
      {({ errors }) => (
        <>
          <TextField name="name" label={f.name.label} error={errors.name} value={v("name")} />
          <TextField name="slug" label={f.slug.label} hint={f.slug.hint} error={errors.slug} value={v("slug")} spellCheck={false} width="20" />
          <ChoiceGroup type="radio" name="country" legend={f.country.label} error={errors.country} value={v("country")} choices={(["AU", "NZ"] as const).map((x) => ({ value: x, label: o.country[x] }))} small />
          <TextField name="place" label={f.place.label} hint={f.place.hint} error={errors.place} value={v("place")} width="20" />
          <ChoiceGroup type="radio" name="format" legend={f.format.label} error={errors.format} value={v("format")} choices={(["in_person", "hybrid", "online"] as const).map((x) => ({ value: x, label: o.format[x] }))} small />
          {withStatus ? (
            <ChoiceGroup type="radio" name="status" legend={f.status.label} error={errors.status} value={v("status")} choices={(["forming", "open", "full", "closed"] as const).map((x) => ({ value: x, label: o.status[x] }))} small />
          ) : null}
          <MeetingFields copy={copy} zones={zones} errors={errors} value={v} />
          <TextField name="description" label={f.description.label} error={errors.description} value={v("description")} multiline />
          <TextField name="convenorFirstName" label={f.convenorFirstName.label} error={errors.convenorFirstName} value={v("convenorFirstName")} width="20" />
        </>
      )}
    </StepForm>
  );
}
