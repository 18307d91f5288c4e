/**
 * The back office's one table: the scrolling wrapper, the caption, the
 * header row (a server-sorted column carries `aria-sort` and a link that
 * sorts by it) and the empty state. Each page writes only its rows.
 *
 * A table with a `captionId` is a labelled region that takes focus, so a
 * keyboard can scroll it sideways on a small screen.
 */
import { Link } from "@remix-run/react";
import { Children, type ReactNode, type TableHTMLAttributes } from "react";

export interface TableColumn {
  label: ReactNode;
  /** A sortable column: whether the list is sorted by it (`none` when it is not). */
  ariaSort?: "ascending" | "descending" | "none";
  /** The link that sorts by this column; absent for a column that is not sortable. */
  href?: string | null;
  /** `table__num` for a column of figures. */
  className?: string;
}

type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined };

export function Table({
  columns,
  caption,
  captionId,
  captionHidden = false,
  empty,
  foot,
  className,
  children,
  ...rest
}: {
  columns: TableColumn[];
  caption?: ReactNode;
  /** Makes the table a focusable region labelled by its caption. */
  captionId?: string;
  /** The caption is for screen readers only (the page says the same above the table). */
  captionHidden?: boolean;
  /** Shown in place of the table when there are no rows. */
  empty?: ReactNode;
  /** Rows below the body: totals. */
  foot?: ReactNode;
  className?: string;
  children: ReactNode;
} & Omit<TableHTMLAttributes<HTMLTableElement>, "children" | "className"> &
  DataAttributes) {
  if (empty !== undefined && Children.count(children) === 0) return <p className="body">{empty}</p>;
  const region = captionId ? ({ role: "region", "aria-labelledby": captionId, tabIndex: 0 } as const) : {};
  return (
    <div className="table-wrap" {...region}>
      <table className={className ? `table ${className}` : "table"} {...rest}>
        {caption !== undefined ? (
          <caption id={captionId} className={captionHidden ? "visually-hidden" : "hint"}>
            {caption}
          </caption>
        ) : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" aria-sort={c.ariaSort} className={c.className}>
                {c.href ? <Link to={c.href}>{c.label}</Link> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}
