/**
 * A join request's life, as one statechart: the only place that says which
 * answers a request can take from where it is. The convenor's page, the
 * emailed decision links, staff and the applicant's own "withdraw" all step
 * it, so they can never disagree. Pure: no I/O.
 *
 *   new ─┬─ accept ─────────────→ accepted
 *        ├─ meet first ─→ meet_first ─┬─ accept / decline / waiting list
 *        │                            └─ meet first (a new date or note)
 *        ├─ waiting list ─→ waiting_list ── accept (a place freed) / meet first / decline
 *        ├─ decline ────────────→ declined
 *        └─ withdraw (the applicant, from any open state) → withdrawn
 *
 *   moved (staff move an open request to another group) → new: it starts again there
 */
import { initialTransition, setup, transition } from "xstate";

export const JOIN_REQUEST_STATUSES = ["new", "meet_first", "accepted", "declined", "withdrawn", "waiting_list"] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** What a convenor (or staff for them) can answer. Each names the status it leads to. */
export const CONVENOR_DECISIONS = ["accepted", "meet_first", "declined", "waiting_list"] as const;
export type ConvenorDecision = (typeof CONVENOR_DECISIONS)[number];

export type JoinRequestEvent = { type: ConvenorDecision } | { type: "withdrawn" } | { type: "moved" };

/**
 * The statuses by what they mean, named once here; every query and page
 * reads these (db/sql-vocabulary.ts turns them into SQL).
 */
/** Where every request starts (and starts again when staff move it): nobody has answered it yet. */
export const NEW_STATUS = "new" satisfies JoinRequestStatus;
/** A member of the group: accepted requests are what take up its places. */
export const MEMBER_STATUS = "accepted" satisfies JoinRequestStatus;
/** On the group's waiting list. */
export const WAITING_LIST_STATUS = "waiting_list" satisfies JoinRequestStatus;

/** Still open for the applicant (not final): the convenor's "to do", what the applicant can withdraw, what staff can move. */
export const OPEN_STATUSES: readonly JoinRequestStatus[] = ["new", "meet_first", "waiting_list"];
/** Open and not yet answered with a place or the waiting list: new, or meeting first. Reminders, escalation and the "open" counts. */
export const AWAITING_ANSWER_STATUSES: readonly JoinRequestStatus[] = ["new", "meet_first"];
/** Open or accepted: the applicant still asks for, waits for or holds a place there (so a second request there would duplicate it). */
export const OPEN_OR_ACCEPTED_STATUSES: readonly JoinRequestStatus[] = [...OPEN_STATUSES, MEMBER_STATUS];
/** Every status in the order of a request's life, for sorting by status. */
export const STATUS_LIFE_ORDER: readonly JoinRequestStatus[] = ["new", "meet_first", "waiting_list", "accepted", "declined", "withdrawn"];

/** Why a convenor declined: kept as a code, so staff can see totals without reading anyone's words. */
export const DECLINE_REASONS = ["not_a_fit", "group_full", "too_far", "not_practising", "group_closed", "other"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Who answers requests in the back office. */
export type DecisionRole = "convenor" | "staff";

/**
 * What each role may answer and which decline reasons it may give: declared
 * once, here. The decision path refuses anything else
 * (app/join/decisions.server.ts), and the request pages offer exactly these.
 * A group closing is staff's decision (app/staff/group-status.server.ts), so
 * `group_closed` is theirs alone; a convenor with a closing group asks staff.
 */
export const DECISION_PERMISSIONS: Record<DecisionRole, { decisions: readonly ConvenorDecision[]; declineReasons: readonly DeclineReason[] }> = {
  convenor: { decisions: CONVENOR_DECISIONS, declineReasons: ["not_a_fit", "group_full", "too_far", "not_practising", "other"] },
  staff: { decisions: CONVENOR_DECISIONS, declineReasons: DECLINE_REASONS },
};

/** Which part of an answer `role` may not give (the field to say so next to), or null when it may give it all. */
export function refusedFor(role: DecisionRole, decision: ConvenorDecision, declineReason: DeclineReason | null | undefined): "decision" | "declineReason" | null {
  const allowed = DECISION_PERMISSIONS[role];
  if (!allowed.decisions.includes(decision)) return "decision";
  if (decision === "declined" && declineReason && !allowed.declineReasons.includes(declineReason)) return "declineReason";
  return null;
}

export const joinRequestMachine = setup({
  types: { events: {} as JoinRequestEvent },
}).createMachine({
  id: "joinRequest",
  initial: "new",
  states: {
    new: {
      on: { accepted: "accepted", meet_first: "meet_first", declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn", moved: { target: "new", reenter: true } },
    },
    meet_first: {
      // Meeting first again records a new date or note; the request stays open.
      on: { accepted: "accepted", meet_first: { target: "meet_first", reenter: true }, declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn", moved: "new" },
    },
    waiting_list: {
      on: { accepted: "accepted", meet_first: "meet_first", declined: "declined", withdrawn: "withdrawn", moved: "new" },
    },
    accepted: { type: "final" },
    declined: { type: "final" },
    withdrawn: { type: "final" },
  },
});

const snapshotAt = (status: JoinRequestStatus) => joinRequestMachine.resolveState({ value: status, context: undefined });

/** The status after `event`, or null when a request in `status` cannot take it. */
export function nextStatus(status: JoinRequestStatus, event: JoinRequestEvent["type"]): JoinRequestStatus | null {
  const from = snapshotAt(status);
  if (!from.can({ type: event } as JoinRequestEvent)) return null;
  const [to] = transition(joinRequestMachine, from, { type: event } as JoinRequestEvent);
  return to.value as JoinRequestStatus;
}

/** The answers a request in `status` can take (from `role`, if given), in the order the page shows them. */
export function allowedDecisions(status: JoinRequestStatus, role?: DecisionRole): ConvenorDecision[] {
  return CONVENOR_DECISIONS.filter((d) => nextStatus(status, d) !== null && (!role || DECISION_PERMISSIONS[role].decisions.includes(d)));
}

export const isOpenStatus = (status: JoinRequestStatus) => OPEN_STATUSES.includes(status);
export const isJoinRequestStatus = (v: unknown): v is JoinRequestStatus => typeof v === "string" && (JOIN_REQUEST_STATUSES as readonly string[]).includes(v);
export const isConvenorDecision = (v: unknown): v is ConvenorDecision => typeof v === "string" && (CONVENOR_DECISIONS as readonly string[]).includes(v);
export const isDeclineReason = (v: unknown): v is DeclineReason => typeof v === "string" && (DECLINE_REASONS as readonly string[]).includes(v);

/** The machine's first state, for tests that walk it. */
export const initialJoinRequest = () => initialTransition(joinRequestMachine)[0];
