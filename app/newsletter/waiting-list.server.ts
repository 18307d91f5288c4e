/**
 * "Tell me when a group starts near me". People whose result was that PWCOP
 * fits but no group meets where they want one (no_group_nearby,
 * outside_region) and who choose "New groups near me" are on the waiting list
 * for their area: the gazetteer point they gave, the distance they would
 * travel, and whether they accept online.
 *
 * When a group becomes open, each confirmed person it suits gets exactly one
 * email about it, queued in the same transaction as the status change. The
 * outbox dedupe key `group-open:<groupId>:<signupId>` makes that idempotent:
 * running the script again, or closing and re-opening the group, sends nothing more.
 */
import { writeTransaction } from "../../db/client";
import { getGroupBySlug, setGroupStatus, type GroupStatus } from "../../db/queries/groups";
import { waitingListFor } from "../../db/queries/newsletter";
import type { Services } from "../context";
import { link, queueEmail } from "../email/outbox.server";
import { describeRhythm } from "../utils/rhythm";
import { zoneName } from "../utils/time-zones";
import { unsubscribeUrl } from "./subscription.server";

export interface StatusChange {
  found: boolean;
  from?: GroupStatus;
  to?: GroupStatus;
  /** Emails queued now. */
  notified: number;
  /** People it suits who were told about this group before (not emailed again). */
  alreadyNotified: number;
}

export function setGroupStatusAndNotify(
  services: Pick<Services, "db" | "env" | "secrets">,
  slug: string,
  status: GroupStatus,
): StatusChange {
  const { db, env } = services;
  return writeTransaction(db, (): StatusChange => {
    const group = getGroupBySlug(db, slug);
    if (!group) return { found: false, notified: 0, alreadyNotified: 0 };
    setGroupStatus(db, slug, status);
    const change = { found: true, from: group.status, to: status, notified: 0, alreadyNotified: 0 };
    if (status !== "open") return change;
    const rhythm = `${describeRhythm(group.rhythm)} (${zoneName(group.timeZone)})`;
    for (const m of waitingListFor(db, group)) {
      const s = m.subscriber;
      const { created } = queueEmail(db, env, {
        kind: m.how === "in_person" ? "newsletter.groupOpen.inPerson" : "newsletter.groupOpen.online",
        to: s.email,
        dedupeKey: `group-open:${group.id}:${s.id}`,
        vars: {
          group: group.name,
          suburb: group.suburb,
          region: group.region,
          km: Math.max(1, Math.round(m.km ?? 0)),
          place: s.place ?? "",
          rhythm,
          checkUrl: link(env, "/eligibility"),
        },
        unsubscribeUrl: unsubscribeUrl(services, s.id),
      });
      if (created) change.notified++;
      else change.alreadyNotified++;
    }
    return change;
  });
}
