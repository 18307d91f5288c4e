/**
 * Telling a group's convenors that a request to join it was withdrawn: by
 * the applicant (`join.withdrawn`, with their name), or because they asked us
 * to erase their details (`join.erased`, without it). One email to each
 * convenor (their accounts, or the listed address while the group has none),
 * queued inside the transaction that withdrew the request, each once:
 * `join:<id>:withdrawn[:<userId>]`, `join:<id>:erased[:<userId>]`.
 */
import { appendAudit } from "../../db/queries/audit";
import type { JoinRequestDetails } from "../../db/queries/join-requests";
import type { Services } from "../context";
import { fill } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { emailContent, writtenBy } from "../email/render.server";
import { convenorRecipients, CONVENOR_AREA_PATH, formatDay } from "../join/join-emails.server";

export type WithdrawnNotice = "join.withdrawn" | "join.erased";

/** Queues the notices; returns how many were queued. Call inside the transaction that withdrew the request. */
export function queueWithdrawnNotices(s: Pick<Services, "db" | "env" | "secrets">, r: JoinRequestDetails, kind: WithdrawnNotice, now = new Date()): number {
  const what = kind === "join.withdrawn" ? "withdrawn" : "erased";
  let queued = 0;
  for (const to of convenorRecipients(s.db, r)) {
    const hello = to.named ? fill(emailContent.parts["join.helloNamed"]!, { convenor: r.group.convenorFirstName }) : emailContent.parts["join.hello"]!;
    const result = queueEmail(s.db, s.env, {
      kind,
      to: to.email,
      dedupeKey: to.userId === null ? `join:${r.id}:${what}` : `join:${r.id}:${what}:${to.userId}`,
      vars: {
        // Only the applicant's own withdrawal names them; an erased request says nothing about who sent it.
        ...(kind === "join.withdrawn" ? writtenBy("applicant", { name: r.name }) : {}),
        hello,
        group: r.group.name,
        reference: r.publicId,
        received: formatDay(r.createdAt, r.group.timeZone),
        requestsUrl: to.userId === null ? "" : link(s.env, CONVENOR_AREA_PATH),
      },
    });
    if (result.created) queued++;
  }
  if (queued) {
    appendAudit(s.db, { actorUserId: null, actor: "system", action: "email.convenor", subjectType: "join_request", subjectId: r.id, groupId: r.group.id, detail: { kind } }, now);
  }
  return queued;
}
