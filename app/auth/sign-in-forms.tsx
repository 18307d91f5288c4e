import { Form } from "@remix-run/react";
import { TextField } from "../components/fields";
import { StepForm } from "../components/step-form";
import type { SignInActionData } from "./sign-in.server";

const loadSignIn = () => import("./schema").then((m) => m.signInSchema);
const loadCode = () => import("./schema").then((m) => m.codeSchema);

const text = (values: SignInActionData["values"] | undefined, key: string) => (typeof values?.[key] === "string" ? (values[key] as string) : undefined);

interface SignInCopy {
  email: { label: string; hint: string; errors: Record<string, string> };
  button: string;
}

export function SignInForm({ copy, errorSummaryTitle, redirectTo, actionData }: { copy: SignInCopy; errorSummaryTitle: string; redirectTo: string; actionData?: SignInActionData }) {
  return (
    <StepForm
      schema={loadSignIn}
      serverErrors={actionData?.errors}
      messageFor={(_f, code) => copy.email.errors[code] ?? copy.email.errors.invalid!}
      fieldOrder={["email"]}
      errorSummaryTitle={errorSummaryTitle}
      submitLabel={copy.button}
      hidden={{ redirectTo }}
    >
      {({ errors }) => (
        <TextField name="email" type="email" label={copy.email.label} hint={copy.email.hint} error={errors.email} value={text(actionData?.values, "email")} autoComplete="email" spellCheck={false} />
      )}
    </StepForm>
  );
}

interface CodeCopy {
  label: string;
  hint: string;
  errors: Record<string, string>;
  button: string;
}

export function CodeForm({ copy, errorSummaryTitle, id, code, redirectTo, actionData }: { copy: CodeCopy; errorSummaryTitle: string; id: string; code: string; redirectTo: string; actionData?: SignInActionData }) {
  return (
    <StepForm
      schema={loadCode}
      serverErrors={actionData?.errors}
      messageFor={(_f, c) => copy.errors[c] ?? copy.errors.wrong!}
      fieldOrder={["code"]}
      errorSummaryTitle={errorSummaryTitle}
      submitLabel={copy.button}
      hidden={{ id, redirectTo }}
    >
      {({ errors }) => (
        <TextField name="code" label={copy.label} hint={copy.hint} error={errors.code ?? errors.id} value={text(actionData?.values, "code") ?? code} autoComplete="one-time-code" inputMode="numeric" spellCheck={false} width="10" />
      )}
    </StepForm>
  );
}

/** "Sign out": a POST, so a link preview or prefetch never signs anyone out. */
export function SignOutForm({ label }: { label: string }) {
  return (
    <Form method="post" action="/sign-out" className="inline-form">
      <button type="submit" className="button button--secondary button--small">
        {label}
      </button>
    </Form>
  );
}
