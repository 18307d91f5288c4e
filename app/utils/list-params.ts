/**
 * The one reader of a list page's query string: every `page`, `sort`, `dir`
 * and filter of the back office's lists goes through `readListParams`, with a
 * spec of what each parameter may be. A value that is not one of them is
 * ignored (the parameter's default), so a hand-edited or hostile address
 * shows a list, never an error:
 *
 * - `page()`: a whole number from 1 to a cap (PAGE_MAX); anything else is 1,
 *   and a larger number is the cap, so no offset can overflow SQLite's integers;
 * - `oneOf(values, fallback?)`: one of an allow-list, else the fallback (or none);
 * - `text(max)`: free text (the audit log's actor search), trimmed, without
 *   control characters, at most `max` characters; empty is none.
 *
 * Only the first value of a repeated parameter counts. Pure: no I/O.
 */

/** The highest page number a list is asked for: far beyond any real list, small enough for any offset. */
export const PAGE_MAX = 10_000;
export const SORT_DIRS = ["asc", "desc"] as const;
export type SortDir = (typeof SORT_DIRS)[number];

export interface ListParam<T> {
  read(raw: string | null): T;
}

/** A page number: 1..max, default 1. */
export function page(max = PAGE_MAX): ListParam<number> {
  return {
    read(raw) {
      const digits = raw === null ? "" : raw.trim();
      if (!/^\d{1,400}$/.test(digits)) return 1;
      const n = digits.replace(/^0+/, "");
      if (n === "") return 1;
      return n.length > String(max).length ? max : Math.min(max, Number(n));
    },
  };
}

/** One value of an allow-list; anything else is the fallback (undefined without one). */
export function oneOf<T extends string>(values: readonly T[]): ListParam<T | undefined>;
export function oneOf<T extends string>(values: readonly T[], fallback: T): ListParam<T>;
export function oneOf<T extends string>(values: readonly T[], fallback?: T): ListParam<T | undefined> {
  return { read: (raw) => (raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback) };
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Free text: trimmed, control characters dropped, at most `max` characters (whole code points); empty is undefined. */
export function text(max: number): ListParam<string | undefined> {
  return {
    read(raw) {
      if (raw === null) return undefined;
      const clean = Array.from(raw.slice(0, max * 4).replace(CONTROL, "").trim()).slice(0, max).join("").trim();
      return clean || undefined;
    },
  };
}

type Values<S extends Record<string, ListParam<unknown>>> = { [K in keyof S]: S[K] extends ListParam<infer T> ? T : never };

/** Reads every parameter of `spec` from the query string. */
export function readListParams<S extends Record<string, ListParam<unknown>>>(params: URLSearchParams, spec: S): Values<S> {
  const out = {} as Record<string, unknown>;
  for (const [name, p] of Object.entries(spec)) out[name] = p.read(params.get(name));
  return out as Values<S>;
}
