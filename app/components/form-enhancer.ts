/**
 * Instant validation for a server-rendered form: react-hook-form's form
 * control with zodResolver and the same zod schema the server uses, bound
 * to the form's existing inputs. This module (react-hook-form, zod, the
 * schema) is loaded only once someone starts on the form, so a page's first
 * load stays light; until it arrives, the server validates as it always does.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { createFormControl, type FieldErrors, type FieldValues } from "react-hook-form";
import type { $ZodType } from "zod/v4/core";

export interface Enhancement {
  /** Validates; calls `onValid` with the form when the client is satisfied. */
  submit(event: { preventDefault(): void; persist?: () => void }, onValid: () => void): Promise<void>;
  dispose(): void;
}

/** The form's current values, as the server would read them (checkbox groups as arrays). */
export function readValues(form: HTMLFormElement, multi: ReadonlySet<string>): FieldValues {
  const data = new FormData(form);
  const out: FieldValues = {};
  for (const name of new Set(data.keys())) {
    const all = data.getAll(name).filter((v): v is string => typeof v === "string");
    out[name] = multi.has(name) ? all : all[0];
  }
  for (const name of multi) out[name] ??= [];
  return out;
}

function asSubmitted(values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== false && v !== undefined) out[k] = v;
  return out;
}

function codes(errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, e] of Object.entries(errors)) {
    const message = (e as { message?: unknown } | undefined)?.message;
    const first = Array.isArray(e) ? (e.find(Boolean) as { message?: unknown } | undefined)?.message : undefined;
    const code = typeof message === "string" ? message : typeof first === "string" ? first : undefined;
    if (code) out[name] = code;
  }
  return out;
}

export function enhanceForm(
  form: HTMLFormElement,
  schema: $ZodType<unknown, FieldValues>,
  multi: ReadonlySet<string>,
  onErrors: (errors: Record<string, string>) => void,
): Enhancement {
  const validate = zodResolver(schema);
  const control = createFormControl({
    // Validate what the server would receive: react-hook-form reports an unchecked
    // radio group as null and an unchecked lone checkbox as false; a browser sends nothing.
    resolver: (values, context, options) => validate(asSubmitted(values), context, options as never),
    defaultValues: readValues(form, multi),
    mode: "onSubmit",
    reValidateMode: "onChange",
    shouldFocusError: false,
  });

  // react-hook-form starts from each control's default state: make that the
  // answer as it stands now, which may have changed before this module arrived.
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) el.defaultChecked = el.checked;
    else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.defaultValue = el.value;
  }

  // Bind every named control that people fill in (radios and checkboxes by group).
  const names = new Set<string>();
  for (const el of Array.from(form.elements)) {
    const input = el as HTMLInputElement;
    if (!input.name || input.type === "hidden" || input.type === "submit" || input.closest("[aria-hidden='true']")) continue;
    names.add(input.name);
    control.register(input.name).ref(input);
  }

  const onEdit = (event: Event) => {
    const target = event.target as HTMLInputElement;
    if (target?.name && names.has(target.name)) void control.register(target.name).onChange({ target, type: event.type });
  };
  form.addEventListener("change", onEdit);
  form.addEventListener("input", onEdit);

  const unsubscribe = control.subscribe({
    formState: { errors: true, submitCount: true },
    callback: (state) => onErrors(state.submitCount ? codes(state.errors ?? {}) : {}),
  });

  return {
    async submit(event, onValid) {
      await control.handleSubmit(() => onValid())(event as never);
    },
    dispose() {
      unsubscribe();
      form.removeEventListener("change", onEdit);
      form.removeEventListener("input", onEdit);
    },
  };
}
