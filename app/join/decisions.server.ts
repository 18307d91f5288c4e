/**
 * The one code path that changes a join request's status, whoever asks: the
 * convenor's page, the emailed links, staff on a convenor's behalf. The
 * statechart (machines/join-request.ts) says whether the change is allowed;
 * this records it, appends the audit log and queues the applicant's email,
 * all in one IMMEDIATE transaction, so a page and an email clicked at the
 * same moment can never both win.
 */
import { writeTransaction } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import { changeJoinRequestStatus, getJoinRequestDetails, type JoinRequestDetails } from "../../db/queries/join-requests";
import type { User } from "../../db/queries/users";
import { nextStatus, refusedFor, type ConvenorDecision, type DecisionRole, type DeclineReason, type JoinRequestStatus } from "../../machines/join-request";
import type { Services } from "../context";
import { queueDecisionEmail } from "./join-emails.server";

/** Who made the change, as the timeline shows it. */
export type DecisionActor =
  | { kind: "user"; user: Pick<User, "id" | "email" | "role"> }
  | { kind: "email-link" }
  /** A change with no person behind it at that moment (a command, a job). */
  | { kind: "system"; label: string }
  /** The applicant, who can only withdraw: their emailed link, or erasing their data (app/withdraw, app/privacy). */
  | { kind: "applicant"; via: "withdraw-link" | "erasure" };

export interface DecisionInput {
  requestId: number;
  /** A convenor's answer, or `withdrawn` (the applicant; the caller tells the convenor). */
  decision: ConvenorDecision | "withdrawn";
  actor: DecisionActor;
  /** A message for the applicant, written by the convenor (optional). */
  message?: string;
  /** For meet_first: the proposed date (YYYY-MM-DD) and a note for the applicant. */
  meetOn?: string | null;
  /** For declined: why, as a code kept for staff totals. */
  declineReason?: DeclineReason | null;
  /** Run inside the same transaction before the change (e.g. use up the emailed link's token); returning false cancels. */
  guard?: () => boolean;
  /** False: the caller sends its own email about the change (a group closing tells people differently). */
  notify?: boolean;
}

export type DecisionResult =
  | { ok: true; request: JoinRequestDetails; from: JoinRequestStatus; to: JoinRequestStatus }
  | { ok: false; reason: "not_found" | "not_allowed" | "cancelled"; request?: JoinRequestDetails }
  /** The actor may not give this answer (machines/join-request.ts DECISION_PERMISSIONS): `field` says which part. */
  | { ok: false; reason: "refused"; field: "decision" | "declineReason" };

/**
 * The role an actor answers as: a signed-in person's own; an emailed link
 * only ever reaches a convenor; a change with no person behind it (a group
 * closed from the command line) is the programme's, as staff. The applicant
 * answers nothing: they may only withdraw.
 */
function roleOf(actor: DecisionActor): DecisionRole | null {
  switch (actor.kind) {
    case "user":
      return actor.user.role === "staff" ? "staff" : "convenor";
    case "email-link":
      return "convenor";
    case "system":
      return "staff";
    case "applicant":
      return null;
  }
}

/** Whether `actor` may make this change at all, whatever the request's state. */
function refusal(input: DecisionInput): "decision" | "declineReason" | null {
  const role = roleOf(input.actor);
  // Withdrawing is the applicant's (their link, their erasure), or staff's on their behalf (an erasure staff carry out).
  if (input.decision === "withdrawn") return input.actor.kind === "applicant" || role === "staff" ? null : "decision";
  return role ? refusedFor(role, input.decision, input.declineReason) : "decision";
}

const actorLabel = (a: DecisionActor) => (a.kind === "user" ? a.user.role : a.kind === "system" ? a.label : a.kind === "applicant" ? "applicant" : "convenor (email link)");

export function applyDecision(services: Pick<Services, "db" | "env" | "secrets">, input: DecisionInput, now = new Date()): DecisionResult {
  const { db } = services;
  const refused = refusal(input);
  if (refused) return { ok: false, reason: "refused", field: refused };
  return writeTransaction(db, (): DecisionResult => {
    const request = getJoinRequestDetails(db, input.requestId);
    if (!request) return { ok: false, reason: "not_found" };
    const from = request.status;
    const to = nextStatus(from, input.decision);
    if (!to) return { ok: false, reason: "not_allowed", request };
    if (input.guard && !input.guard()) return { ok: false, reason: "cancelled", request };
    const message = (input.message ?? "").trim();
    const changed = changeJoinRequestStatus(
      db,
      request.id,
      from,
      to,
      { meetOn: to === "meet_first" ? (input.meetOn ?? null) : undefined, meetNote: to === "meet_first" ? message : undefined, declineReason: to === "declined" ? (input.declineReason ?? null) : undefined },
      now,
    );
    // Inside an IMMEDIATE transaction nobody else can have changed it since the read.
    if (!changed) throw new Error("join request changed during its own transaction");
    appendAudit(
      db,
      {
        actorUserId: input.actor.kind === "user" ? input.actor.user.id : null,
        actor: actorLabel(input.actor),
        action: `request.${to}`,
        subjectType: "join_request",
        subjectId: request.id,
        groupId: request.group.id,
        detail: {
          from,
          to,
          via: input.actor.kind === "user" ? (input.actor.user.role === "staff" ? "staff" : "page") : input.actor.kind === "system" ? "system" : input.actor.kind === "applicant" ? input.actor.via : "email",
          ...(to === "declined" && input.declineReason ? { reason: input.declineReason } : {}),
          ...(to === "meet_first" && input.meetOn ? { meetOn: input.meetOn } : {}),
          message: message.length > 0,
        },
      },
      now,
    );
    const email = input.notify === false || to === "withdrawn" ? { created: false } : queueDecisionEmail(services, request, to as ConvenorDecision, message, input.meetOn ?? null, now);
    if (email.created) {
      appendAudit(db, { actorUserId: null, actor: "system", action: "email.applicant", subjectType: "join_request", subjectId: request.id, groupId: request.group.id, detail: { kind: `join.decision.${to}` } }, now);
    }
    return { ok: true, request: getJoinRequestDetails(db, request.id)!, from, to };
  });
}
