/**
 * The funnel's counting and adding up: moves counted by day in Sydney with
 * one upsert each, the step-by-step rows (reached, went on, stopped) and
 * "fewer than 5" for any count from 1 to 4.
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrate } from "../../db/migrate";
import { funnelCounts, type FunnelRow } from "../../db/queries/funnel";
import { initialTransition, transition } from "xstate";
import { eligibilityMachine } from "../../machines/eligibility";
import { addDays, addUp, defaultRange, mondayOf, shown, stepRows } from "./funnel.server";
import { countFunnelStep, sydneyDay } from "../eligibility/funnel-count.server";

describe("days in Sydney", () => {
  it("a move just after midnight in Sydney counts on that day (AEDT and AEST)", () => {
    expect(sydneyDay(new Date("2026-03-01T13:30:00Z"))).toBe("2026-03-02");
    expect(sydneyDay(new Date("2026-03-01T12:30:00Z"))).toBe("2026-03-01");
    expect(sydneyDay(new Date("2026-06-30T14:30:00Z"))).toBe("2026-07-01");
  });

  it("weeks start on Monday; the default range is the last 12 weeks to today", () => {
    expect(mondayOf("2026-05-24")).toBe("2026-05-18");
    expect(mondayOf("2026-05-18")).toBe("2026-05-18");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(defaultRange(new Date("2026-05-20T02:00:00Z"))).toEqual({ from: "2026-03-02", to: "2026-05-20" });
  });
});

describe("countFunnelStep", () => {
  it("adds one per move with a single upsert; nothing about the person is stored", () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const start = initialTransition(eligibilityMachine, {})[0];
    const afterFirst = transition(eligibilityMachine, start, { type: "answer.experience", experience: "workshops" })[0];
    const at = new Date("2026-03-01T13:30:00Z");
    expect(countFunnelStep(db, undefined, afterFirst, at)).toBe(true);
    expect(countFunnelStep(db, undefined, afterFirst, at)).toBe(true);
    const afterSecond = transition(eligibilityMachine, afterFirst, { type: "answer.practice", practice: "paid" })[0];
    expect(countFunnelStep(db, afterFirst, afterSecond, at)).toBe(true);
    // The Back button: practice again, from supervision.
    const again = transition(eligibilityMachine, afterSecond, { type: "answer.practice", practice: "paid" })[0];
    expect(countFunnelStep(db, afterSecond, again, at)).toBe(false);
    expect(funnelCounts(db, "2026-01-01", "2026-12-31")).toEqual([
      { day: "2026-03-02", from: "practice", to: "supervision", count: 1 },
      { day: "2026-03-02", from: "start", to: "practice", count: 2 },
    ]);
    expect(db.prepare("SELECT * FROM funnel_counts LIMIT 1").columns().map((c) => c.name)).toEqual(["day", "from_step", "to_step", "count"]);
  });

  it("never stands in the way of an answer: a failure to count is swallowed", () => {
    const db = openDatabase(":memory:");
    const start = initialTransition(eligibilityMachine, {})[0];
    const next = transition(eligibilityMachine, start, { type: "answer.experience", experience: "workshops" })[0];
    expect(countFunnelStep(db, undefined, next)).toBe(false);
  });
});

describe("adding up", () => {
  const rows: FunnelRow[] = [
    { day: "2026-03-02", from: "start", to: "practice", count: 20 },
    { day: "2026-03-03", from: "start", to: "check", count: 3 },
    { day: "2026-03-02", from: "practice", to: "supervision", count: 18 },
    { day: "2026-03-02", from: "practice", to: "check", count: 1 },
    { day: "2026-03-02", from: "supervision", to: "hopes", count: 16 },
    { day: "2026-03-02", from: "hopes", to: "location", count: 16 },
    { day: "2026-03-02", from: "location", to: "place", count: 2 },
    { day: "2026-03-02", from: "location", to: "check", count: 12 },
    { day: "2026-03-02", from: "place", to: "check", count: 2 },
    { day: "2026-03-02", from: "check", to: "outcome:group:match", count: 10 },
    { day: "2026-03-02", from: "check", to: "outcome:training:no_experience", count: 3 },
    { day: "2026-03-02", from: "check", to: "outcome:newsletter:not_practising", count: 1 },
  ];

  it("shows 0, fewer than 5 for 1 to 4, and the number from 5", () => {
    expect([0, 1, 4, 5, 1234].map(shown)).toEqual(["0", "fewer than 5", "fewer than 5", "5", "1,234"]);
  });

  it("each step reached, went on, stopped; each result and its reasons", () => {
    const t = addUp(rows);
    expect(t.starts).toBe(23);
    const table = Object.fromEntries(stepRows(t).map((r) => [r.step, [r.reached, r.wentOn, r.stopped]]));
    expect(table).toEqual({
      start: ["23", "23", "not counted"],
      practice: ["20", "19", "fewer than 5"],
      supervision: ["18", "16", "fewer than 5"],
      hopes: ["16", "16", "0"],
      location: ["16", "14", "fewer than 5"],
      place: ["fewer than 5", "fewer than 5", "0"],
      check: ["18", "14", "fewer than 5"],
      "outcome:group": ["10", "not counted", "not counted"],
      "outcome:group:match": ["10", "not counted", "not counted"],
      "outcome:training": ["fewer than 5", "not counted", "not counted"],
      "outcome:training:no_experience": ["fewer than 5", "not counted", "not counted"],
      "outcome:newsletter": ["fewer than 5", "not counted", "not counted"],
      "outcome:newsletter:not_practising": ["fewer than 5", "not counted", "not counted"],
    });
  });
});
