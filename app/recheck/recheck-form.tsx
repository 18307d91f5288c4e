import { ChoiceGroup, TextField } from "../components/fields";
import { Honeypot } from "../components/honeypot";
import { StepForm } from "../components/step-form";
import type { RecheckActionData, RecheckFormCopy } from "./recheck.server";

const loadSchema = () => import("./schema").then((m) => m.recheckSchema);

/** "Remind me to check again" (training outcome): email and when. Posts to /eligibility/reminder. */
export function RecheckForm({ copy, actionData }: { copy: RecheckFormCopy; actionData?: RecheckActionData }) {
  const values = actionData?.values;
  const email = typeof values?.email === "string" ? values.email : "";
  const months = typeof values?.months === "string" ? values.months : undefined;
  return (
    <StepForm
      action="/eligibility/reminder"
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(field, code) => {
        if (field === "email") return copy.email.errors[code as "required"] ?? copy.email.errors.invalid;
        return copy.months.errors.required;
      }}
      fieldOrder={["email", "months"]}
      errorSummaryTitle={copy.errorSummaryTitle}
      submitLabel={copy.button}
    >
      {({ errors }) => (
        <>
          <TextField name="email" type="email" label={copy.email.label} error={errors.email} value={email} autoComplete="email" spellCheck={false} />
          <ChoiceGroup
            type="radio"
            name="months"
            legend={copy.months.legend}
            error={errors.months}
            choices={(["3", "6", "12"] as const).map((value) => ({ value, label: copy.months.options[value].label }))}
            value={months}
            small
          />
          <p className="body">{copy.privacy}</p>
          <Honeypot />
        </>
      )}
    </StepForm>
  );
}
