import { TextField } from "../components/fields";
import { Honeypot } from "../components/honeypot";
import { StepForm } from "../components/step-form";
import type { MyDataActionData, MyDataCopy } from "./my-data.server";

const loadSchema = () => import("./schema").then((m) => m.myDataSchema);

/** One address: a plain form without JavaScript; with it, the same schema checks it as it is typed. */
export function MyDataForm({ copy, actionData }: { copy: MyDataCopy; actionData?: MyDataActionData }) {
  const email = typeof actionData?.values.email === "string" ? actionData.values.email : undefined;
  return (
    <StepForm
      action="/my-data"
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(_field, code) => copy.email.errors[code as "required"] ?? copy.email.errors.invalid}
      fieldOrder={["email"]}
      errorSummaryTitle={copy.errorSummaryTitle}
      submitLabel={copy.button}
    >
      {({ errors }) => (
        <>
          <TextField name="email" type="email" label={copy.email.label} error={errors.email} value={email} autoComplete="email" spellCheck={false} />
          <Honeypot />
        </>
      )}
    </StepForm>
  );
}
