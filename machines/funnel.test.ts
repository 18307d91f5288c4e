/**
 * The funnel's moves, from real snapshots of the eligibility statechart: what
 * one answer counts, and that going back, answering again or changing an
 * answer from the check page never counts a step twice.
 */
import { describe, expect, it } from "vitest";
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import type { Area } from "./answers";
import { eligibilityMachine, type EligibilityEvent } from "./eligibility";
import { funnelMove, outcomeStep, parseOutcomeStep, type FunnelMove, type FunnelSnapshot } from "./funnel";

type Snap = SnapshotFrom<typeof eligibilityMachine>;

const HOBART: Area = { id: "au-tas-hobart", name: "Hobart", region: "TAS", country: "AU", postcode: "7000", lat: -42.8821, lon: 147.3272 };
const BRUNSWICK: Area = { id: "au-vic-brunswick", name: "Brunswick", region: "VIC", country: "AU", postcode: "3056", lat: -37.7667, lon: 144.96 };
const BRUNSWICK_WEST: Area = { ...BRUNSWICK, id: "au-vic-brunswick-west", name: "Brunswick West", lat: -37.764, lon: 144.944 };

const EVENTS = {
  workshops: { type: "answer.experience", experience: "workshops" },
  none: { type: "answer.experience", experience: "none" },
  paid: { type: "answer.practice", practice: "paid" },
  notYet: { type: "answer.practice", practice: "not_yet" },
  noSupervision: { type: "answer.supervision", supervision: "no" },
  hopes: { type: "answer.hopes", hopes: ["connection"] },
  hobart: { type: "answer.location", country: "AU", place: "Hobart", format: "either", distanceKm: 25, candidates: [HOBART] },
  ambiguous: { type: "answer.location", country: "AU", place: "3056", format: "in_person", distanceKm: 10, candidates: [BRUNSWICK, BRUNSWICK_WEST] },
  chooseBrunswick: { type: "answer.place", areaId: BRUNSWICK.id },
} satisfies Record<string, EligibilityEvent>;

/** Runs events as the server does (a new session for the first), returning each counted move (null: not counted). */
function walk(events: EligibilityEvent[], start: Snap | null = null): { moves: (FunnelMove | null)[]; last: Snap } {
  let prev: Snap | null = start;
  let snap: Snap = start ?? initialTransition(eligibilityMachine, {})[0];
  const moves: (FunnelMove | null)[] = [];
  for (const event of events) {
    if (!snap.can(event)) throw new Error(`the machine cannot take ${event.type} in ${JSON.stringify(snap.value)}`);
    const next = transition(eligibilityMachine, snap, event)[0];
    moves.push(funnelMove(prev, next));
    prev = next;
    snap = next;
  }
  return { moves, last: snap };
}

const move = (from: string, to: string) => ({ from, to });

/** A finished run, as the statechart's final snapshot looks to the funnel. */
function done(context: Snap["context"], outcome: string, reasons: string[]): FunnelSnapshot {
  return { status: "done", value: outcome, context, output: { outcome, reasons } as unknown as FunnelSnapshot["output"] };
}

describe("funnelMove", () => {
  it("counts a whole run once per step: start, each question, check, then the outcome with its reason", () => {
    const { moves, last } = walk([EVENTS.workshops, EVENTS.paid, EVENTS.noSupervision, EVENTS.hopes, EVENTS.hobart]);
    expect(moves).toEqual([move("start", "practice"), move("practice", "supervision"), move("supervision", "hopes"), move("hopes", "location"), move("location", "check")]);
    expect(last.value).toBe("check");
    expect(funnelMove(last, done(last.context, "group", ["match"]))).toEqual(move("check", "outcome:group:match"));
  });

  it("an answer that decides at once goes from start straight to check", () => {
    const { moves, last } = walk([EVENTS.none]);
    expect(moves).toEqual([move("start", "check")]);
    expect(funnelMove(last, done(last.context, "training", ["no_experience"]))).toEqual(move("check", "outcome:training:no_experience"));
    const notYet = walk([EVENTS.workshops, EVENTS.notYet]);
    expect(notYet.moves).toEqual([move("start", "practice"), move("practice", "check")]);
  });

  it("counts choosing between places with the same name as its own step", () => {
    const { moves } = walk([EVENTS.workshops, EVENTS.paid, EVENTS.noSupervision, EVENTS.hopes, EVENTS.ambiguous, EVENTS.chooseBrunswick]);
    expect(moves.slice(4)).toEqual([move("location", "place"), move("place", "check")]);
  });

  it("the Back button: answering an earlier question again counts nothing, and nor does coming forward again", () => {
    const first = walk([EVENTS.workshops, EVENTS.paid, EVENTS.noSupervision, EVENTS.hopes]);
    expect(first.last.value).toBe("location");
    // Back to practice and supervision, answered again, then on to location and check.
    const again = walk([EVENTS.paid, EVENTS.noSupervision, EVENTS.hopes, EVENTS.hobart], first.last);
    expect(again.moves).toEqual([null, null, null, move("location", "check")]);
    // From check: back to the location question, answered again: still at check, nothing counted.
    const fromCheck = walk([EVENTS.hobart, EVENTS.hopes], again.last);
    expect(fromCheck.moves).toEqual([null, null]);
  });

  it("changing an answer from check, and a new run after the outcome, count no step again", () => {
    const { last } = walk([EVENTS.workshops, EVENTS.paid, EVENTS.noSupervision, EVENTS.hopes, EVENTS.hobart]);
    const changing = walk([{ type: "change", step: "practice" }, EVENTS.paid], last);
    expect(changing.moves).toEqual([null, null]);
    expect(changing.last.value).toBe("check");
    // A finished run is changed by a new run of its answers: its moves are not counted.
    const finished = done(last.context, "group", ["match"]);
    const rerun = initialTransition(eligibilityMachine, { answers: last.context.answers, area: last.context.area })[0];
    expect(funnelMove(finished, rerun)).toBeNull();
    expect(funnelMove(finished, done(last.context, "group", ["match"]))).toBeNull();
  });

  it("a step the funnel does not know is not counted", () => {
    const { last } = walk([EVENTS.workshops]);
    expect(funnelMove(last, { ...last, value: "somewhere-new" } as FunnelSnapshot)).toBeNull();
    expect(funnelMove(last, { ...last, value: { nested: "state" } } as FunnelSnapshot)).toBeNull();
  });
});

describe("outcome steps", () => {
  it("are written and read back", () => {
    expect(outcomeStep({ outcome: "newsletter", reasons: ["no_group_nearby"] })).toBe("outcome:newsletter:no_group_nearby");
    expect(outcomeStep({ outcome: "group", reasons: [] })).toBe("outcome:group:none");
    expect(parseOutcomeStep("outcome:group:group_full")).toEqual({ outcome: "group", reason: "group_full" });
    expect(parseOutcomeStep("check")).toBeNull();
  });
});
