/**
 * The join-request filters staff share between the requests list, its CSV
 * link and the exports page: status, group (by slug), age and overdue, read
 * from a query string. Values that are not one of the options are ignored,
 * as if not given, so a hand-edited address shows a list rather than an error.
 */
import { AGE_FILTERS, OVERDUE_FILTERS, type AgeFilter, type GroupOption, type OverdueFilter, type StaffRequestFilter } from "../../db/queries/staff-requests";
import { isJoinRequestStatus, type JoinRequestStatus } from "../../machines/join-request";

export interface RequestFilters {
  status?: JoinRequestStatus;
  group?: GroupOption;
  age?: AgeFilter;
  overdue?: OverdueFilter;
}

const oneOf = <T extends string>(options: readonly T[], v: string | null): T | undefined => (v !== null && (options as readonly string[]).includes(v) ? (v as T) : undefined);

export function readRequestFilters(params: URLSearchParams, groups: readonly GroupOption[]): RequestFilters {
  const status = params.get("status");
  const slug = params.get("group");
  return {
    status: isJoinRequestStatus(status) ? status : undefined,
    group: slug ? groups.find((g) => g.slug === slug) : undefined,
    age: oneOf(AGE_FILTERS, params.get("age")),
    overdue: oneOf(OVERDUE_FILTERS, params.get("overdue")),
  };
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
