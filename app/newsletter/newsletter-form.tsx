import { ChoiceGroup, TextField } from "../components/fields";
import { Honeypot } from "../components/honeypot";
import { StepForm } from "../components/step-form";
import type { ReactNode } from "react";
import type { NewsletterActionData, NewsletterFormCopy } from "./newsletter.server";

const loadSchema = () => import("./schema").then((m) => m.newsletterSchema);

export function NewsletterForm({
  copy,
  areaText,
  waitingText = null,
  defaultInterests,
  actionData,
  headingLevel = 2,
  intro,
}: {
  copy: NewsletterFormCopy;
  areaText: string | null;
  /** What "New groups near me" does for someone who can join the waiting list for their area. */
  waitingText?: string | null;
  defaultInterests: string[];
  actionData?: NewsletterActionData;
  headingLevel?: 2 | 3;
  /** The page's heading and introduction, shown after the error summary (GOV.UK: the summary comes first). */
  intro?: ReactNode;
}) {
  const values = actionData?.values;
  const email = typeof values?.email === "string" ? values.email : "";
  const interests = Array.isArray(values?.interests) ? values.interests : defaultInterests;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <StepForm
      action="/newsletter"
      schema={loadSchema}
      multiValue={["interests"]}
      serverErrors={actionData?.errors}
      messageFor={(field, code) => {
        if (field === "email") return copy.email.errors[code as "required"] ?? copy.email.errors.invalid;
        return copy.interests.errors[code as "required"] ?? copy.interests.errors.required;
      }}
      fieldOrder={["email", "interests"]}
      errorSummaryTitle={copy.errorSummaryTitle}
      errorTitlePrefix={copy.errorTitlePrefix}
      submitLabel={copy.button}
      intro={intro}
    >
      {({ errors }) => (
        <>
          <TextField name="email" type="email" label={copy.email.label} error={errors.email} value={email} autoComplete="email" spellCheck={false} />
          <ChoiceGroup
            type="checkbox"
            name="interests"
            legend={copy.interests.legend}
            hint={copy.interests.hint}
            error={errors.interests}
            choices={Object.entries(copy.interests.options).map(([value, o]) => ({ value, label: o.label }))}
            value={interests}
            small
          />
          <H className="heading-s">{copy.areaHeading}</H>
          <p className="body" data-waiting-list={waitingText ? "" : undefined}>
            {waitingText ?? (areaText ? copy.areaText.replace("{place}", areaText) : copy.noArea)}
          </p>
          <Honeypot />
        </>
      )}
    </StepForm>
  );
}
