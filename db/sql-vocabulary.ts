/**
 * The vocabulary of machines/ (request statuses and their named sets, group
 * formats) as SQL: the one place a query gets a status or format literal.
 * Queries write `r.status IN (${sqlIn(OPEN_STATUSES)})`, never the quoted
 * words themselves (db/sql-vocabulary.test.ts fails if one does).
 *
 * Literals, not bound parameters: the values are fixed constants of the code,
 * never input, and a literal list keeps each statement's text (and SQLite's
 * plan for it) the same on every call.
 */
import { AWAITING_ANSWER_STATUSES, MEMBER_STATUS, WAITING_LIST_STATUS, type JoinRequestStatus } from "../machines/join-request";

/** A word of the vocabulary: lower-case letters and underscores only, so quoting it is all it takes. */
const WORD = /^[a-z][a-z_]*$/;

/** One fixed value as an SQL string literal: `'new'`. */
export function sqlText(value: string): string {
  if (!WORD.test(value)) throw new Error(`not a vocabulary word: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/** One request status as an SQL string literal (checked against the statuses by the type). */
export const sqlStatus = (status: JoinRequestStatus): string => sqlText(status);

/** Fixed values as the inside of an SQL `IN (…)`: `'new', 'meet_first'`. */
export function sqlIn(values: readonly string[]): string {
  if (values.length === 0) throw new Error("an empty IN list");
  return values.map(sqlText).join(", ");
}

/**
 * How many requests of group `g` (the alias of `groups` in the query) are in
 * `statuses`, as an SQL expression: the one way members, the waiting list and
 * requests awaiting an answer are counted. It sums join_request_counts
 * (migration 12, kept exact by triggers), a few rows however many requests.
 */
const countOf = (statuses: readonly string[]) =>
  `(SELECT coalesce(sum(c.n), 0) FROM join_request_counts c WHERE c.group_id = g.id AND c.status IN (${sqlIn(statuses)}))`;

/** Columns for a query over `groups g`: members (accepted), waiting (waiting list) and open (awaiting an answer: new or meeting first). */
export const GROUP_COUNTS = {
  members: `${countOf([MEMBER_STATUS])} AS members`,
  waiting: `${countOf([WAITING_LIST_STATUS])} AS waiting`,
  open: `${countOf(AWAITING_ANSWER_STATUSES)} AS open`,
} as const;
