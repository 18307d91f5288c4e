import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";

/**
 * A list's filters (MOJ "filter a list", in one row): a GET form holding the
 * fields, an Apply button, and a Clear link back to the whole list while any
 * filter is set. Works the same with JavaScript off.
 */
export function FilterForm({ label, apply, clear, clearTo, active, children }: { label: string; apply: string; clear: string; clearTo: string; active: boolean; children: ReactNode }) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      {children}
      <button type="submit" className="button button--secondary">
        {apply}
      </button>
      {active ? <Link to={clearTo}>{clear}</Link> : null}
    </Form>
  );
}
