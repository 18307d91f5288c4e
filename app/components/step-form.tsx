/**
 * A form that works without JavaScript: a plain <Form method="post">, every
 * input uncontrolled and server-rendered. With JavaScript, react-hook-form and
 * the server's own zod schema (./form-enhancer, loaded on first use) check
 * answers as they are given. The server's answer always wins: when the client
 * is satisfied the form is submitted exactly as a browser without JavaScript would.
 */
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import type { ReactNode } from "react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { FieldValues } from "react-hook-form";
import type { $ZodType } from "zod/v4/core";
import { ErrorSummary, type SummaryError } from "./error-summary";
import type { Enhancement } from "./form-enhancer";

type SchemaLoader = () => Promise<$ZodType<unknown, FieldValues>>;

interface StepFormProps {
  /** The same zod schema the server validates with, loaded on demand. */
  schema: SchemaLoader;
  /** Error codes from the server, by field. */
  serverErrors?: Record<string, string>;
  /** Copy for each field's error codes. */
  messageFor: (field: string, code: string) => string;
  /** Field order for the error summary. */
  fieldOrder: string[];
  /** Fields that are checkbox groups (several values). */
  multiValue?: string[];
  errorSummaryTitle: string;
  submitLabel: string;
  hidden?: Record<string, string>;
  /** Where the form posts; the current route by default. */
  action?: string;
  /**
   * GOV.UK: while the form shows errors, the page title starts with this
   * ("Error: "). Without JavaScript the server adds it (app/utils/error-title.server.ts);
   * with it, errors found in the browser or returned by a fetch set document.title here.
   */
  errorTitlePrefix?: string;
  /** The page's heading and introduction: shown after the error summary, which comes first (GOV.UK). */
  intro?: ReactNode;
  children: (props: { errors: Record<string, string | undefined> }) => ReactNode;
}

export function StepForm({
  schema,
  serverErrors = {},
  messageFor,
  fieldOrder,
  multiValue = [],
  errorSummaryTitle,
  submitLabel,
  hidden,
  action,
  errorTitlePrefix,
  intro,
  children,
}: StepFormProps) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const enhancement = useRef<Enhancement | null>(null);
  const loading = useRef<Promise<void> | null>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [attempts, setAttempts] = useState(0);
  const multiKey = multiValue.join(",");

  const enhance = useCallback(() => {
    const form = formRef.current;
    if (!form || loading.current) return;
    loading.current = Promise.all([import("./form-enhancer"), schema()])
      .then(([mod, s]) => {
        if (formRef.current === form) enhancement.current = mod.enhanceForm(form, s, new Set(multiKey ? multiKey.split(",") : []), setClientErrors);
      })
      .catch(() => {
        // Offline or blocked: the server still validates everything.
        loading.current = null;
      });
  }, [schema, multiKey]);

  useEffect(
    () => () => {
      enhancement.current?.dispose();
      enhancement.current = null;
      loading.current = null;
    },
    [],
  );

  const codes = Object.keys(clientErrors).length ? clientErrors : serverErrors;
  const errors: Record<string, string | undefined> = {};
  for (const [k, code] of Object.entries(codes)) errors[k] = messageFor(k, code);
  const summary: SummaryError[] = fieldOrder.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  for (const [k, message] of Object.entries(errors)) if (message && !fieldOrder.includes(k)) summary.push({ field: k, message });
  const busy = navigation.state === "submitting";
  const hasErrors = summary.length > 0;

  useEffect(() => {
    if (!errorTitlePrefix) return;
    const clean = document.title.startsWith(errorTitlePrefix) ? document.title.slice(errorTitlePrefix.length) : document.title;
    const wanted = hasErrors ? errorTitlePrefix + clean : clean;
    if (document.title !== wanted) document.title = wanted;
  }, [hasErrors, errorTitlePrefix]);

  return (
    <>
      <ErrorSummary title={errorSummaryTitle} errors={summary} focusKey={`${attempts}:${JSON.stringify(codes)}`} />
      {intro}
      <Form
        method="post"
        action={action}
        noValidate
        ref={formRef}
        onFocus={enhance}
        onPointerDown={enhance}
        onSubmit={(event) => {
          const form = event.currentTarget;
          const enh = enhancement.current;
          // Not enhanced yet: Remix submits it as is, and the server validates.
          if (!enh) return;
          event.preventDefault();
          setAttempts((n) => n + 1);
          void enh.submit(event, () => submit(form));
        }}
      >
        {hidden ? Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />) : null}
        {children({ errors })}
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
