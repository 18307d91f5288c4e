import type { ReactNode } from "react";
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
export function SaveForm({
  copy,
  errorSummaryTitle,
  errorTitlePrefix,
  actionData,
  intro,
}: {
  copy: SaveCopy;
  errorSummaryTitle: string;
  errorTitlePrefix: string;
  actionData?: SaveActionData;
  /** The page's heading and introduction, shown after the error summary (GOV.UK: the summary comes first). */
  intro?: ReactNode;
}) {
  const email = typeof actionData?.values.email === "string" ? actionData.values.email : "";
  return (
    <StepForm
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(_field, code) => copy.email.errors[code as "required"] ?? copy.email.errors.invalid}
      fieldOrder={["email"]}
      errorSummaryTitle={errorSummaryTitle}
      errorTitlePrefix={errorTitlePrefix}
      submitLabel={copy.button}
      intro={intro}
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
