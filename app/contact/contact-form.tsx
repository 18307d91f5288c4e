import { SelectField, TextField } from "../components/fields";
import { Honeypot } from "../components/honeypot";
import { StepForm } from "../components/step-form";
import type { ContactActionData, ContactCopy } from "./contact.server";

const loadSchema = () => import("./schema").then((m) => m.contactSchema);

/** The Contact form: a plain form without JavaScript; with it, the same schema checks answers as they are given. */
export function ContactForm({ copy, topic, actionData }: { copy: ContactCopy; topic: string; actionData?: ContactActionData }) {
  const v = actionData?.values;
  const str = (k: string) => (typeof v?.[k] === "string" ? (v[k] as string) : undefined);
  const messages: Record<string, Record<string, string>> = {
    name: copy.name.errors,
    email: copy.email.errors,
    topic: copy.topic.errors,
    message: copy.message.errors,
  };
  return (
    <StepForm
      action="/contact"
      schema={loadSchema}
      serverErrors={actionData?.errors}
      messageFor={(field, code) => messages[field]?.[code] ?? Object.values(messages[field] ?? {})[0] ?? code}
      fieldOrder={["name", "email", "topic", "message"]}
      errorSummaryTitle={copy.errorSummaryTitle}
      submitLabel={copy.button}
    >
      {({ errors }) => (
        <>
          <TextField name="name" label={copy.name.label} error={errors.name} value={str("name")} autoComplete="name" spellCheck={false} />
          <TextField name="email" type="email" label={copy.email.label} hint={copy.email.hint} error={errors.email} value={str("email")} autoComplete="email" spellCheck={false} />
          <SelectField name="topic" label={copy.topic.label} error={errors.topic} value={str("topic") ?? topic} options={copy.topics} emptyLabel={copy.topic.choose} />
          <TextField name="message" label={copy.message.label} hint={copy.message.hint} error={errors.message} value={str("message")} multiline />
          <Honeypot />
        </>
      )}
    </StepForm>
  );
}
