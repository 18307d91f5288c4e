/**
 * Form fields in the GOV.UK question-page pattern: a label or legend, a hint,
 * the error message next to the field, all tied together with aria-describedby.
 * They are uncontrolled, so they work without JavaScript; StepForm binds
 * them to react-hook-form for instant validation once the page is interactive.
 */
import type { ReactNode } from "react";

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export const fieldId = (name: string) => `field-${name}`;
const hintId = (name: string) => `${fieldId(name)}-hint`;
const errorId = (name: string) => `${fieldId(name)}-error`;

function describedBy(name: string, hint?: string, error?: string) {
  return [hint ? hintId(name) : null, error ? errorId(name) : null].filter(Boolean).join(" ") || undefined;
}

export function ErrorMessage({ name, message }: { name: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="error-message" id={errorId(name)}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

interface ChoiceGroupProps {
  type: "radio" | "checkbox";
  name: string;
  legend: ReactNode;
  /** The page's only question: the legend is the page heading. */
  isPageHeading?: boolean;
  hint?: string;
  error?: string;
  choices: Choice[];
  /** Checked value(s) when the page is rendered. */
  value?: string | string[];
  small?: boolean;
}

export function ChoiceGroup({ type, name, legend, isPageHeading, hint, error, choices, value, small }: ChoiceGroupProps) {
  const checked = new Set(Array.isArray(value) ? value : value !== undefined ? [value] : []);
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(name, hint, error)} id={fieldId(name)} tabIndex={-1}>
        <legend className={isPageHeading ? "fieldset__legend fieldset__legend--xl" : "fieldset__legend fieldset__legend--m"}>
          {isPageHeading ? <h1 className="fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint ? (
          <div className="hint" id={hintId(name)}>
            {hint}
          </div>
        ) : null}
        <ErrorMessage name={name} message={error} />
        <div className={`${type === "radio" ? "radios" : "checkboxes"}${small ? " choices--small" : ""}`}>
          {choices.map((c, i) => {
            const id = i === 0 ? `${fieldId(name)}-input` : `${fieldId(name)}-${c.value}`;
            return (
              <div className="choice" key={c.value}>
                <input
                  className="choice__input"
                  id={id}
                  type={type}
                  value={c.value}
                  defaultChecked={checked.has(c.value)}
                  aria-describedby={c.hint ? `${id}-hint` : undefined}
                  name={name}
                />
                <label className="choice__label" htmlFor={id}>
                  {c.label}
                </label>
                {c.hint ? (
                  <div className="hint choice__hint" id={`${id}-hint`}>
                    {c.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  type?: "text" | "email";
  autoComplete?: string;
  spellCheck?: boolean;
  multiline?: boolean;
  maxLength?: number;
  width?: "full" | "20" | "10";
  /** The on-screen keyboard to offer ("numeric" for codes). */
  inputMode?: "numeric" | "text" | "email";
}

export function TextField({ name, label, hint, error, value, type = "text", autoComplete, spellCheck, multiline, width = "full", inputMode }: TextFieldProps) {
  const common = {
    inputMode,
    id: `${fieldId(name)}-input`,
    defaultValue: value ?? "",
    "aria-describedby": describedBy(name, hint, error),
    "aria-invalid": error ? true : undefined,
    autoComplete,
    spellCheck,
    name,
  };
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`} id={fieldId(name)}>
      <label className="label" htmlFor={common.id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={hintId(name)}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage name={name} message={error} />
      {multiline ? (
        <textarea className={`textarea${error ? " input--error" : ""}`} rows={5} {...common} />
      ) : (
        <input className={`input input--w${width}${error ? " input--error" : ""}`} type={type} {...common} />
      )}
    </div>
  );
}

interface CheckboxProps {
  name: string;
  label: string;
  error?: string;
  checked?: boolean;
}

/** A single yes/no checkbox, such as consent. */
export function Checkbox({ name, label, error, checked }: CheckboxProps) {
  const id = `${fieldId(name)}-input`;
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`} id={fieldId(name)}>
      <ErrorMessage name={name} message={error} />
      <div className="checkboxes">
        <div className="choice">
          <input className="choice__input" id={id} type="checkbox" value="yes" defaultChecked={checked} aria-describedby={error ? `${fieldId(name)}-error` : undefined} name={name} />
          <label className="choice__label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </div>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  options: { value: string; label: string }[];
  /** A first, empty choice (for filters: "any"). */
  emptyLabel?: string;
}

/** A labelled <select>, for short fixed lists (time zones, filters). */
export function SelectField({ name, label, hint, error, value, options, emptyLabel }: SelectFieldProps) {
  const id = `${fieldId(name)}-input`;
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`} id={fieldId(name)}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={hintId(name)}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage name={name} message={error} />
      <select className="select" id={id} name={name} defaultValue={value ?? ""} aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
