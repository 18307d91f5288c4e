/**
 * The join-request filters staff share between the requests list, its CSV
 * link and the exports page: status, group (by slug), age and overdue, read
 * from a query string. Values that are not one of the options are ignored,
 * as if not given, so a hand-edited address shows a list rather than an error.
 */
import { AGE_FILTERS, OVERDUE_FILTERS, type AgeFilter, type GroupOption, type OverdueFilter, type StaffRequestFilter } from "../../db/queries/staff-requests";
import { JOIN_REQUEST_STATUSES, type JoinRequestStatus } from "../../machines/join-request";
import { oneOf, readListParams } from "../utils/list-params";

export interface RequestFilters {
  status?: JoinRequestStatus;
  group?: GroupOption;
  age?: AgeFilter;
  overdue?: OverdueFilter;
}

/** The filters' part of the list's query string spec (app/utils/list-params.ts). */
export const requestFilterParams = (groups: readonly GroupOption[]) => ({
  status: oneOf(JOIN_REQUEST_STATUSES),
  group: oneOf(groups.map((g) => g.slug)),
  age: oneOf(AGE_FILTERS),
  overdue: oneOf(OVERDUE_FILTERS),
});

/** The filters as read by requestFilterParams, with the group found by its slug. */
export function toRequestFilters(v: { status?: JoinRequestStatus; group?: string; age?: AgeFilter; overdue?: OverdueFilter }, groups: readonly GroupOption[]): RequestFilters {
  return { status: v.status, group: v.group ? groups.find((g) => g.slug === v.group) : undefined, age: v.age, overdue: v.overdue };
}

export function readRequestFilters(params: URLSearchParams, groups: readonly GroupOption[]): RequestFilters {
  return toRequestFilters(readListParams(params, requestFilterParams(groups)), groups);
}

/** The filters as a query string, in a fixed order, without empty ones. */
export function filterQuery(f: RequestFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.group) q.set("group", f.group.slug);
  if (f.age) q.set("age", f.age);
  if (f.overdue) q.set("overdue", f.overdue);
  return q;
}

export const hasFilters = (f: RequestFilters) => Boolean(f.status || f.group || f.age || f.overdue);

export function toDbFilter(f: RequestFilters, now: Date): StaffRequestFilter {
  return { status: f.status, groupId: f.group?.id, age: f.age, overdue: f.overdue, now };
}
