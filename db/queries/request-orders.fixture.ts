import { DEFAULT_CAPACITY } from "../../machines/matching";
import type { NewGroup } from "./groups";

/** For the request list tests: the order each sort of the staff list promises, written out in full as SQL over `r` (requests) and `g` (groups). */
const RANK = "CASE r.status WHEN 'new' THEN 0 WHEN 'meet_first' THEN 1 WHEN 'waiting_list' THEN 2 WHEN 'accepted' THEN 3 WHEN 'declined' THEN 4 ELSE 5 END";

export const SORT_ORDERS: Record<string, string> = {
  "received asc": "r.created_at ASC, r.id ASC",
  "received desc": "r.created_at DESC, r.id DESC",
  "group asc": "lower(g.name) ASC, g.id ASC, r.created_at DESC, r.id DESC",
  "group desc": "lower(g.name) DESC, g.id DESC, r.created_at DESC, r.id DESC",
  "status asc": `${RANK} ASC, r.created_at DESC, r.id DESC`,
  "status desc": `${RANK} DESC, r.created_at DESC, r.id DESC`,
};

/** An open monthly group in Melbourne, the one kind of group the request list tests and the bench need many of. */
export function plainGroup(g: { slug: string; name: string; convenorFirstName: string; convenorEmail: string }): NewGroup {
  return {
    ...g,
    suburb: "Somewhere",
    region: "VIC",
    country: "AU",
    lat: -37.8,
    lon: 144.96,
    format: "in_person",
    status: "open",
    capacity: DEFAULT_CAPACITY,
    rhythm: { frequency: "monthly", weekday: 2, week: 2, start: "19:00", end: "21:00" },
    timeZone: "Australia/Melbourne",
  };
}
