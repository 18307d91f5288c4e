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
