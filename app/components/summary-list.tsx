import type { ReactNode } from "react";

/** One row of a summary list (GOV.UK summary list): a key and its value, inside a `<dl className="summary-list">`. */
export function SummaryRow({ label, valueClassName, children }: { label: ReactNode; valueClassName?: string; children: ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt className="summary-list__key">{label}</dt>
      <dd className={valueClassName ? `summary-list__value ${valueClassName}` : "summary-list__value"}>{children}</dd>
    </div>
  );
}
