import { TextField } from "../components/fields";
import { Honeypot } from "../components/honeypot";
import { StepForm } from "../components/step-form";
import type { SaveActionData } from "./resume.server";

const loadSchema = () => import("./save-schema").then((m) => m.saveLinkSchema);

interface SaveCopy {
  email: { label: string; errors: Record<"required" | "invalid" | "too_long", string> };
  button: string;
}

/** "Email me a link to continue": one address, used once. */
export function SaveForm({ copy, errorSummaryTitle, actionData }: { copy: SaveCopy; errorSummaryTitle: string; actionData?: SaveActionData }) {
  const email = typeof actionData?.values.email === "string" ? actionData.values.email : "";
  return (
    <StepForm
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(_field, code) => copy.email.errors[code as "required"] ?? copy.email.errors.invalid}
      fieldOrder={["email"]}
      errorSummaryTitle={errorSummaryTitle}
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
