import { getSimplePaths } from "xstate/graph";
import { describe, expect, it } from "vitest";
import { allowedDecisions, JOIN_REQUEST_STATUSES, joinRequestMachine, nextStatus, type JoinRequestStatus } from "./join-request";

/** Written from the product brief, independently of the machine: from → the statuses each event leads to. */
const EXPECTED: Record<JoinRequestStatus, Partial<Record<string, JoinRequestStatus>>> = {
  new: { accepted: "accepted", meet_first: "meet_first", declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn" },
  meet_first: { accepted: "accepted", meet_first: "meet_first", declined: "declined", waiting_list: "waiting_list", withdrawn: "withdrawn" },
  waiting_list: { accepted: "accepted", meet_first: "meet_first", declined: "declined", withdrawn: "withdrawn" },
  accepted: {},
  declined: {},
  withdrawn: {},
};
const EVENTS = ["accepted", "meet_first", "declined", "waiting_list", "withdrawn"] as const;

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
});
