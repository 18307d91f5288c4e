/**
 * A group's status, with its consequences, in one transaction: the staff
 * page and `npm run group:status` both call this.
 *
 * - open: each confirmed person on the waiting list it suits is emailed once
 *   (app/newsletter/waiting-list.server.ts; the outbox dedupe key keeps it once);
 * - closed: every open request (new, meet first, waiting list) is declined
 *   with the reason `group_closed`, and each applicant gets one email saying
 *   the group has closed, with the nearest other groups and the online ones.
 */
import { writeTransaction } from "../../db/client";
import { appendAudit, auditActor } from "../../db/queries/audit";
import { findGroupsNear, getGroupBySlug, listOnlineGroups, type GroupStatus } from "../../db/queries/groups";
import { getJoinRequestDetails } from "../../db/queries/join-requests";
import { openRequestIds } from "../../db/queries/staff-groups";
import type { Services } from "../context";
import { link, queueEmail } from "../email/outbox.server";
import { writtenBy } from "../email/render.server";
import { applyDecision, type DecisionActor } from "../join/decisions.server";
import { setGroupStatusAndNotify } from "../newsletter/waiting-list.server";

/** How far to look for another group to suggest when one closes. */
export const ALTERNATIVES_KM = 100;

export interface GroupStatusResult {
  found: boolean;
  from?: GroupStatus;
  to?: GroupStatus;
  /** Waiting-list emails queued (opening). */
  notified: number;
  /** People it suits who were told about this group before (not emailed again). */
  alreadyNotified: number;
  /** Applicants told the group closed. */
  told: number;
}

export function changeGroupStatus(
  services: Pick<Services, "db" | "env" | "secrets">,
  slug: string,
  to: GroupStatus,
  actor: DecisionActor | { kind: "command-line" },
  now = new Date(),
): GroupStatusResult {
  const { db, env } = services;
  return writeTransaction(db, (): GroupStatusResult => {
    const group = getGroupBySlug(db, slug);
    if (!group) return { found: false, notified: 0, alreadyNotified: 0, told: 0 };
    const from = group.status;
    const change = setGroupStatusAndNotify(services, slug, to);
    let told = 0;
    if (to === "closed" && from !== "closed") {
      const alternatives = [
        ...(group.lat !== null && group.lon !== null ? findGroupsNear(db, { lat: group.lat, lon: group.lon }, ALTERNATIVES_KM) : []),
        ...listOnlineGroups(db),
      ]
        .filter((g) => g.id !== group.id && (g.status === "open" || g.status === "full"))
        .slice(0, 4);
      const list = alternatives.map((g) => `- ${g.name}${g.format === "online" ? " (online)" : g.distanceKm !== null ? ` (about ${Math.round(g.distanceKm)} km away)` : ""}`).join("\n");
      for (const id of openRequestIds(db, group.id)) {
        const decisionActor: DecisionActor = actor.kind === "command-line" ? { kind: "system", label: "command line" } : actor;
        const result = applyDecision(services, { requestId: id, decision: "declined", declineReason: "group_closed", actor: decisionActor, notify: false }, now);
        if (!result.ok) continue;
        const r = getJoinRequestDetails(db, id)!;
        const email = queueEmail(db, env, {
          kind: "join.group_closed",
          to: r.email,
          dedupeKey: `join:${id}:group-closed`,
          vars: {
            ...writtenBy("applicant", { name: r.name }),
            group: group.name,
            alternatives: list,
            groupsUrl: link(env, "/groups"),
            checkUrl: link(env, "/eligibility"),
          },
        });
        if (email.created) told += 1;
      }
    }
    appendAudit(
      db,
      {
        ...(actor.kind === "user" ? auditActor(actor.user) : { actorUserId: null, actor: "command line" }),
        action: "group.status_changed",
        subjectType: "group",
        subjectId: group.id,
        groupId: group.id,
        detail: { from, to, notified: change.notified, told },
      },
      now,
    );
    return { found: true, from, to, notified: change.notified, alreadyNotified: change.alreadyNotified, told };
  });
}
