/**
 * Who may use a back-office route, declared in the route module itself:
 *
 *   export const access = { role: "staff" } satisfies Access;
 *
 * Plain data (no server code), so a route module that exports it still
 * bundles for the browser. `withAccess` (access.server.ts) enforces it before
 * the route's loader or action runs; tests/authz.test.ts reads it to build
 * the authorisation matrix.
 *
 * - `any`: anyone signed in;
 * - `staff`: ANZPOP staff (anyone else signed in: 403);
 * - `convenor`: a convenor of at least one group, or staff (else 403);
 * - `convenor` with `group`: a convenor of the group the record belongs to, or
 *   staff; anyone else, like a record that does not exist, gets 404. `group`
 *   names how the server finds it: `slug` (the `:slug` param is the group),
 *   `request` (the `:id` param is a join request, of one group).
 *
 * `intents` lists what the action's `intent` field may say, when the action
 * does more than one thing (the authorisation test tries each).
 */
export const ROLES = ["any", "staff", "convenor"] as const;
export const GROUP_FROM = ["slug", "request"] as const;
export type GroupFrom = (typeof GROUP_FROM)[number];

interface Intents {
  readonly intents?: readonly string[];
}
export type Access = ({ readonly role: "any" } & Intents) | ({ readonly role: "staff" } & Intents) | ({ readonly role: "convenor"; readonly group?: GroupFrom } & Intents);

/** Whether `value` is a well-formed declaration (route modules are checked by a unit test). */
export function isAccess(value: unknown): value is Access {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).filter((k) => k !== "role" && k !== "group" && k !== "intents");
  if (keys.length) return false;
  if (!(ROLES as readonly unknown[]).includes(v.role)) return false;
  if ("group" in v && (v.role !== "convenor" || !(GROUP_FROM as readonly unknown[]).includes(v.group))) return false;
  if ("intents" in v && !(Array.isArray(v.intents) && v.intents.length > 0 && v.intents.every((i) => typeof i === "string" && i !== ""))) return false;
  return true;
}
