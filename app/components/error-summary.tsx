import { useEffect, useRef } from "react";
import { fieldId } from "./fields";

export interface SummaryError {
  field: string;
  message: string;
  /** The element to focus when the link is followed (defaults to the field's first input). */
  href?: string;
}

/**
 * The GOV.UK error summary: at the top of the page, focused when it appears
 * (autofocus without JavaScript, focus() after client-side validation),
 * each error a link to its field.
 */
export function ErrorSummary({ title, errors, focusKey }: { title: string; errors: SummaryError[]; focusKey: string | number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
    // Focus again on every new submission that has errors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusKey]);
  if (!errors.length) return null;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- the GOV.UK error summary takes focus when it appears, also without JavaScript
    <div className="error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref} autoFocus>
      <h2 className="error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <ul className="error-summary__list">
        {errors.map((e) => (
          <li key={e.field}>
            <a href={e.href ?? `#${fieldId(e.field)}-input`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
