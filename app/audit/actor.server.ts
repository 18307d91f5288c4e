/**
 * Who did something, as the audit log and the timelines show it. The log
 * keeps an account's id and role, never its address (db/queries/audit.ts):
 * while the account exists it is shown by its name (its address, as the
 * back office names accounts), joined at read time; once it is erased, as "A former staff member" or "A former
 * convenor". Entries made without an account keep their own label.
 */
import type { AuditRow } from "../../db/queries/audit";
import { convenorContent } from "../convenor/content.server";

export function actorShown(r: Pick<AuditRow, "actorUserId" | "actor" | "actorName">): string {
  const a = convenorContent.request.actors;
  if (r.actorUserId !== null) return r.actorName ?? (r.actor === "convenor" ? a.formerConvenor : a.formerStaff);
  return r.actor === "applicant" ? a.applicant : r.actor === "system" ? a.system : r.actor === "convenor (email link)" ? a.emailLink : r.actor;
}
