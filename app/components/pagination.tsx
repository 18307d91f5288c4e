import { Link } from "@remix-run/react";

export interface PaginationData {
  pages: number;
  label: string;
  previous: string | null;
  next: string | null;
  previousLabel: string;
  nextLabel: string;
}

/** Previous / page N of M / next, as links (MOJ pagination), only when there is more than one page. */
export function Pagination({ p }: { p: PaginationData }) {
  if (p.pages <= 1) return null;
  return (
    <nav aria-label={p.label}>
      <ul className="pagination">
        {p.previous ? (
          <li>
            <Link to={p.previous} rel="prev">
              {p.previousLabel}
            </Link>
          </li>
        ) : null}
        <li aria-current="page">{p.label}</li>
        {p.next ? (
          <li>
            <Link to={p.next} rel="next">
              {p.nextLabel}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
