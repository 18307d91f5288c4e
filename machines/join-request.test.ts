import { getSimplePaths } from "xstate/graph";
import { describe, expect, it } from "vitest";
import {
  allowedDecisions,
  AWAITING_ANSWER_STATUSES,
  CONVENOR_DECISIONS,
  DECISION_PERMISSIONS,
  DECLINE_REASONS,
  JOIN_REQUEST_STATUSES,
  joinRequestMachine,
  nextStatus,
  OPEN_OR_ACCEPTED_STATUSES,
  OPEN_STATUSES,
  refusedFor,
  STATUS_LIFE_ORDER,
  type JoinRequestStatus,
} from "./join-request";

/** Written from the product brief, independently of the machine: from → the statuses each event leads to. */
const EXPECTED: Record<JoinRequestStatus, Partial<Record<string, JoinRequestStatus>>> = {
  new: { accepted: "accepted", meet_first: "meet_first", declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn", moved: "new" },
  meet_first: { accepted: "accepted", meet_first: "meet_first", declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn", moved: "new" },
  waiting_list: { accepted: "accepted", meet_first: "meet_first", declined: "declined", withdrawn: "withdrawn", moved: "new" },
  accepted: {},
  declined: {},
  withdrawn: {},
};
const EVENTS = ["accepted", "meet_first", "declined", "waiting_list", "withdrawn", "moved"] as const;

describe("join request statechart", () => {
  it("takes exactly the transitions of the expectation table, from every status", () => {
    for (const from of JOIN_REQUEST_STATUSES) {
      for (const event of EVENTS) expect(nextStatus(from, event), `${from} + ${event}`).toBe(EXPECTED[from][event] ?? null);
    }
  });

  it("offers the convenor only the answers the table allows", () => {
    expect(allowedDecisions("new")).toEqual(["accepted", "meet_first", "declined", "waiting_list"]);
    expect(allowedDecisions("meet_first")).toEqual(["accepted", "meet_first", "declined", "waiting_list"]);
    expect(allowedDecisions("waiting_list")).toEqual(["accepted", "meet_first", "declined"]);
    expect(allowedDecisions("accepted")).toEqual([]);
  });

  it("who may give which answer and reason: convenors every answer but not group_closed; staff everything", () => {
    expect(DECISION_PERMISSIONS.staff).toEqual({ decisions: CONVENOR_DECISIONS, declineReasons: DECLINE_REASONS });
    expect(DECISION_PERMISSIONS.convenor.decisions).toEqual(CONVENOR_DECISIONS);
    expect([...DECISION_PERMISSIONS.convenor.declineReasons].sort()).toEqual(DECLINE_REASONS.filter((r) => r !== "group_closed").sort());
    for (const decision of CONVENOR_DECISIONS) {
      expect(refusedFor("convenor", decision, null)).toBeNull();
      for (const reason of DECLINE_REASONS) {
        expect(refusedFor("staff", decision, reason), `staff ${decision} ${reason}`).toBeNull();
        // A reason only counts with a decline.
        expect(refusedFor("convenor", decision, reason), `convenor ${decision} ${reason}`).toBe(decision === "declined" && reason === "group_closed" ? "declineReason" : null);
      }
    }
    expect(allowedDecisions("waiting_list", "convenor")).toEqual(allowedDecisions("waiting_list"));
  });

  it("every simple path from a new request follows the table and ends where it says", () => {
    const paths = getSimplePaths(joinRequestMachine, { events: EVENTS.map((type) => ({ type })) });
    expect(paths.length).toBeGreaterThanOrEqual(10);
    for (const path of paths) {
      let status: JoinRequestStatus = "new";
      for (const step of path.steps.slice(1)) {
        const next: JoinRequestStatus | undefined = EXPECTED[status][step.event.type];
        expect(next, `${status} + ${step.event.type}`).toBeDefined();
        status = next!;
        expect(step.state.value).toBe(status);
      }
      expect(path.state.value).toBe(status);
    }
    // Every status is reachable.
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(JOIN_REQUEST_STATUSES));
  });

  it("names its sets of statuses consistently with the chart", () => {
    // Open: exactly the states a request can still leave (not final); only those can be moved.
    expect([...OPEN_STATUSES].sort()).toEqual(JOIN_REQUEST_STATUSES.filter((s) => Object.values(EXPECTED[s]).length > 0).sort());
    expect(JOIN_REQUEST_STATUSES.filter((s) => nextStatus(s, "moved") !== null).sort()).toEqual([...OPEN_STATUSES].sort());
    expect(AWAITING_ANSWER_STATUSES).toEqual(["new", "meet_first"]);
    expect(AWAITING_ANSWER_STATUSES.every((s) => OPEN_STATUSES.includes(s))).toBe(true);
    expect([...OPEN_OR_ACCEPTED_STATUSES].sort()).toEqual(["accepted", "meet_first", "new", "waiting_list"]);
    expect([...STATUS_LIFE_ORDER].sort()).toEqual([...JOIN_REQUEST_STATUSES].sort());
  });
});
