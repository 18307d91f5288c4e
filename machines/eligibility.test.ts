/**
 * Model-based tests of the eligibility statechart.
 *
 * Expectations are written from the product brief's routing table (below, in
 * `expected`), NOT from machines/criteria.ts, so a mistake in the criteria or
 * in the statechart shows up as a disagreement.
 *
 * Paths come from `xstate/graph` (built into xstate 5). Notes on that API in
 * this version (5.33):
 *  - an `events` option replaces the default event generator entirely, so only
 *    the events our function returns are tried;
 *  - `toState` both filters the returned paths to those ending in a matching
 *    snapshot AND (unless `stopWhen` is given) stops traversal there;
 *  - snapshots are told apart by `{ value, context }`; an event the machine
 *    does not take leaves the snapshot unchanged and so never adds a path;
 *  - each returned path's `steps[0].event` is `{ type: "xstate.init" }` and
 *    `steps[i].event` is the event that led to `steps[i].state`.
 */
import { describe, expect, it } from "vitest";
import { createActor, type SnapshotFrom } from "xstate";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import {
  EXPERIENCE,
  PRACTICE,
  QUESTION_STEPS,
  SUPERVISION,
  type Answers,
  type Area,
  type Hope,
  type Outcome,
  type QuestionStep,
  type ReasonCode,
} from "./answers";
import { RULE_VERSION } from "./criteria";
import { eligibilityMachine, type EligibilityEvent } from "./eligibility";
import type { MatchFacts } from "./matching";
import { BRISBANE, factsFor, FITZROY, GROUP_SET_NAMES, RICHMOND_CHCH, RICHMOND_TASMAN, setNameOf, type GroupSetName } from "./test-fixtures";

type Snap = SnapshotFrom<typeof eligibilityMachine>;
type LocationEvent = Extract<EligibilityEvent, { type: "answer.location" }>;

// ---------------------------------------------------------------------------
// The routing table, written from the product brief.
// ---------------------------------------------------------------------------

interface Expected {
  outcome: Outcome;
  reasons: ReasonCode[];
  /** The question whose answer made the outcome certain. */
  decidedBy: QuestionStep;
  /** Slugs of the groups the outcome page lists, in order. */
  groups: string[];
}

/**
 * | experience none                                   | training   | no_experience       |
 * | experience client_only                            | training   | client_only         |
 * | practice not_yet                                  | newsletter | not_practising      |
 * | supervision yes                                   | newsletter | seeking_supervision |
 * | fits, an open group matches place/distance/format | group      | match               |
 * | fits, groups match but every one is full          | group      | group_full          |
 * | fits, nothing matches, country AU/NZ              | newsletter | no_group_nearby     |
 * | fits, nothing matches, country other              | newsletter | outside_region      |
 * The location rows, and the groups listed, come from LISTINGS: worked out by
 * hand from the fixtures (machines/test-fixtures.ts), not from the code.
 */
function expected(a: Answers, area: Area | null, set: GroupSetName): Expected {
  if (a.experience === "none") return { outcome: "training", reasons: ["no_experience"], decidedBy: "experience", groups: [] };
  if (a.experience === "client_only") return { outcome: "training", reasons: ["client_only"], decidedBy: "experience", groups: [] };
  if (a.practice === "not_yet") return { outcome: "newsletter", reasons: ["not_practising"], decidedBy: "practice", groups: [] };
  if (a.supervision === "yes")
    return { outcome: "newsletter", reasons: ["seeking_supervision"], decidedBy: "supervision", groups: [] };
  const key = locationKey(a, area);
  const row = LISTINGS[key]?.[set];
  if (!row) throw new Error(`no expected listing for ${key} / ${set}`);
  const [reason, groups] = row;
  const outcome: Outcome = reason === "match" || reason === "group_full" ? "group" : "newsletter";
  return { outcome, reasons: [reason], decidedBy: "location", groups };
}

const locationKey = (a: Answers, area: Area | null) => `${a.country} ${JSON.stringify(a.place)} ${a.format} @${area?.id ?? "-"}`;

type Row = [ReasonCode, string[]];
/**
 * For each location answer (and place chosen) and each set of candidate
 * groups: the reason and the groups listed. Rules applied by hand (docs/rules.md):
 * in person within the distance (in-person and hybrid groups), online for
 * online/either (online and hybrid groups); forming and closed never; open
 * before full, in person (nearest first) before online (nearest zone first),
 * then name. Nothing open: every suited group full → group_full; nothing
 * suited → no_group_nearby / outside_region. People who did not ask for online
 * are also offered online groups within 3 hours of their zone (any zone if
 * unknown, abroad) when they have no open group.
 */
const ALL_ONLINE_ABROAD = ["london-online", "nz-evenings", "fitzroy-hybrid", "perth-online"];
const LISTINGS: Record<string, Record<GroupSetName, Row>> = {
  // Brisbane, in person within 25 km, +10 h.
  [`AU "4000" in_person @${BRISBANE.id}`]: {
    none: ["no_group_nearby", []],
    all: ["match", ["west-end", "logan"]],
    fullOnly: ["group_full", ["logan", "fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["no_group_nearby", ["nz-evenings"]],
  },
  // Fitzroy, either, 50 km, +10 h.
  [`AU "Fitzroy" either @${FITZROY.id}`]: {
    none: ["no_group_nearby", []],
    all: ["match", ["nz-evenings", "london-online", "fitzroy-hybrid", "perth-online"]],
    fullOnly: ["group_full", ["fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["match", ["nz-evenings", "london-online"]],
  },
  // Brisbane, online only, +10 h.
  [`AU "4000" online @${BRISBANE.id}`]: {
    none: ["no_group_nearby", []],
    all: ["match", ["nz-evenings", "london-online", "fitzroy-hybrid", "perth-online"]],
    fullOnly: ["group_full", ["fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["match", ["nz-evenings", "london-online"]],
  },
  // Richmond (Tasman), in person within 10 km, +12 h: Nelson is 11.2 km away.
  [`NZ "Richmond" in_person @${RICHMOND_TASMAN.id}`]: {
    none: ["no_group_nearby", []],
    all: ["match", ["richmond-tasman"]],
    fullOnly: ["no_group_nearby", ["fitzroy-hybrid"]],
    onlineAndFar: ["no_group_nearby", ["nz-evenings"]],
  },
  // Richmond (Christchurch), in person within 10 km, +12 h: nothing near.
  [`NZ "Richmond" in_person @${RICHMOND_CHCH.id}`]: {
    none: ["no_group_nearby", []],
    all: ["no_group_nearby", ["nz-evenings", "fitzroy-hybrid"]],
    fullOnly: ["no_group_nearby", ["fitzroy-hybrid"]],
    onlineAndFar: ["no_group_nearby", ["nz-evenings"]],
  },
  // Berlin, in person: abroad, zone unknown, so every online group is offered.
  [`other "Berlin" in_person @-`]: {
    none: ["outside_region", []],
    all: ["outside_region", ALL_ONLINE_ABROAD],
    fullOnly: ["outside_region", ["fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["outside_region", ["london-online", "nz-evenings"]],
  },
  // Zürich, either: online groups suit.
  [`other "Zürich" either @-`]: {
    none: ["outside_region", []],
    all: ["match", ALL_ONLINE_ABROAD],
    fullOnly: ["group_full", ["fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["match", ["london-online", "nz-evenings"]],
  },
  // Abroad, no place, online.
  [`other "" online @-`]: {
    none: ["outside_region", []],
    all: ["match", ALL_ONLINE_ABROAD],
    fullOnly: ["group_full", ["fitzroy-hybrid", "perth-online"]],
    onlineAndFar: ["match", ["london-online", "nz-evenings"]],
  },
};

/** The answers the output should keep: the steps up to and including the deciding one. */
function expectedOutputAnswers(a: Answers, decidedBy: QuestionStep): Answers {
  const upTo = QUESTION_STEPS.slice(0, QUESTION_STEPS.indexOf(decidedBy) + 1);
  const out: Answers = {};
  if (upTo.includes("experience")) out.experience = a.experience;
  if (upTo.includes("practice")) out.practice = a.practice;
  if (upTo.includes("supervision")) out.supervision = a.supervision;
  if (upTo.includes("hopes")) out.hopes = a.hopes;
  if (upTo.includes("location")) {
    out.country = a.country;
    out.place = a.place;
    out.format = a.format;
    // Distance is only asked when meeting in person in AU/NZ.
    if (a.country !== "other" && a.format !== "online" && a.distanceKm !== undefined) out.distanceKm = a.distanceKm;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Fixtures and event generators.
// ---------------------------------------------------------------------------

const HOPES_VARIANTS: Hope[][] = [[], ["connection", "learn_share"]];

const LOCATION_VARIANTS: LocationEvent[] = [
  { type: "answer.location", country: "AU", place: "4000", format: "in_person", distanceKm: 25, candidates: [BRISBANE] },
  { type: "answer.location", country: "AU", place: "Fitzroy", format: "either", distanceKm: 50, candidates: [FITZROY] },
  // A stray distance from the form must not be kept for online-only.
  { type: "answer.location", country: "AU", place: "4000", format: "online", distanceKm: 100, candidates: [BRISBANE] },
  {
    type: "answer.location",
    country: "NZ",
    place: "Richmond",
    format: "in_person",
    distanceKm: 10,
    candidates: [RICHMOND_TASMAN, RICHMOND_CHCH],
  },
  { type: "answer.location", country: "other", place: "Berlin", format: "in_person", candidates: [] },
  { type: "answer.location", country: "other", place: "Zürich", format: "either", candidates: [] },
  { type: "answer.location", country: "other", place: "", format: "online", candidates: [] },
];

/** A confirm with one of the fixture sets of candidate groups, as the server would send it for this area. */
const confirm = (set: GroupSetName, area: Area | null = null): EligibilityEvent => ({ type: "confirm", facts: factsFor(set, area) });

const ALL_STATES = [
  "experience",
  "practice",
  "supervision",
  "hopes",
  "location",
  "place",
  "check",
  "group",
  "training",
  "newsletter",
] as const;

/** Forward model: every value of the question currently shown. */
function forwardEvents(s: Snap): EligibilityEvent[] {
  switch (s.value) {
    case "experience":
      return EXPERIENCE.map((experience) => ({ type: "answer.experience", experience }));
    case "practice":
      return PRACTICE.map((practice) => ({ type: "answer.practice", practice }));
    case "supervision":
      return SUPERVISION.map((supervision) => ({ type: "answer.supervision", supervision }));
    case "hopes":
      return HOPES_VARIANTS.map((hopes) => ({ type: "answer.hopes", hopes }));
    case "location":
      return LOCATION_VARIANTS;
    case "place":
      return s.context.candidates.map((c) => ({ type: "answer.place", areaId: c.id }));
    case "check":
      return GROUP_SET_NAMES.map((set) => confirm(set, s.context.area));
    default:
      return [];
  }
}

/** What a sequence of events says the person answered (independent of the machine). */
interface Folded {
  answers: Answers;
  area: Area | null;
  facts: MatchFacts | null;
  ambiguous: boolean;
}
function fold(events: readonly EligibilityEvent[], from: Folded = emptyFold()): Folded {
  let { answers, area, facts, ambiguous } = from;
  let candidates: Area[] = [];
  for (const e of events) {
    switch (e.type) {
      case "answer.experience":
        answers = { ...answers, experience: e.experience };
        break;
      case "answer.practice":
        answers = { ...answers, practice: e.practice };
        break;
      case "answer.supervision":
        answers = { ...answers, supervision: e.supervision };
        break;
      case "answer.hopes":
        answers = { ...answers, hopes: e.hopes };
        break;
      case "answer.location":
        answers = { ...answers, country: e.country, place: e.place, format: e.format, distanceKm: e.distanceKm };
        candidates = e.candidates;
        ambiguous = e.country !== "other" && e.candidates.length > 1;
        area = e.country === "other" ? null : e.candidates.length === 1 ? e.candidates[0]! : null;
        break;
      case "answer.place":
        area = candidates.find((c) => c.id === e.areaId) ?? null;
        break;
      case "confirm":
        facts = e.facts;
        break;
      case "change":
      case "join.choose":
      case "notify":
        break;
    }
  }
  return { answers, area, facts, ambiguous };
}
function emptyFold(): Folded {
  return { answers: {}, area: null, facts: null, ambiguous: false };
}

/** Events of a graph path, without the leading `xstate.init`. */
function pathEvents(path: { steps: { event: { type: string } }[] }): EligibilityEvent[] {
  expect(path.steps[0]?.event.type).toBe("xstate.init");
  return path.steps.slice(1).map((s) => s.event as EligibilityEvent);
}

/** Replays events on a fresh actor; every event must be accepted. Returns the visited state values. */
/** A fresh (or restored) started actor. `input: undefined` = a new wizard with no earlier answers. */
function startActor(snapshot?: Snap) {
  return createActor(eligibilityMachine, snapshot ? { input: undefined, snapshot } : { input: undefined }).start();
}

function replay(events: readonly EligibilityEvent[], actor = startActor()) {
  const visited: string[] = [];
  for (const e of events) {
    const before = actor.getSnapshot();
    if (!before.can(e)) {
      throw new Error(`event not accepted in ${String(before.value)}: ${JSON.stringify(e)}`);
    }
    actor.send(e);
    visited.push(String(actor.getSnapshot().value));
  }
  return { actor, visited };
}

function describePath(events: readonly EligibilityEvent[]): string {
  return events
    .map((e) =>
      e.type === "answer.location"
        ? `location(${e.country},${JSON.stringify(e.place)},${e.format},${e.distanceKm ?? "-"},[${e.candidates.map((c) => c.id).join("|")}])`
        : JSON.stringify(e),
    )
    .join(" → ");
}

function assertOutput(actor: ReturnType<typeof replay>["actor"], f: Folded, label: string) {
  const snap = actor.getSnapshot();
  expect(snap.status, label).toBe("done");
  const exp = expected(f.answers, f.area, setNameOf(f.facts!));
  const out = snap.output!;
  expect({ outcome: out.outcome, reasons: out.reasons }, label).toEqual({
    outcome: exp.outcome,
    reasons: exp.reasons,
  });
  // The groups the outcome page will list: exactly the expected ones, in order.
  expect(out.groups.map((g) => g.slug), label).toEqual(exp.groups);
  expect(snap.context.decision?.groups, label).toEqual(out.groups);
  expect(snap.value, label).toBe(exp.outcome);
  expect(out.decidedBy, label).toBe(exp.decidedBy);
  expect(out.ruleVersion, label).toBe(RULE_VERSION);
  expect(out.ruleVersion, label).toMatch(/\S/);
  // Exactly the answers up to the deciding step (no undefined placeholders either).
  expect(JSON.parse(JSON.stringify(out.answers)), label).toStrictEqual(expectedOutputAnswers(f.answers, exp.decidedBy));
  expect(Object.keys(out.answers).sort(), label).toEqual(
    Object.keys(expectedOutputAnswers(f.answers, exp.decidedBy)).sort(),
  );
  expect(out.area, label).toEqual(exp.decidedBy === "location" ? f.area : null);
  return exp;
}

const questionIndex = (s: string) => QUESTION_STEPS.indexOf(s as QuestionStep);

// ---------------------------------------------------------------------------
// 1. The expectation table itself (spot checks of the brief's rows).
// ---------------------------------------------------------------------------

describe("expected() — the brief's routing table", () => {
  const fit: Answers = { experience: "workshops", practice: "paid", supervision: "no", hopes: [] };
  it.each([
    [{ experience: "none" }, null, "all", "training", "no_experience"],
    [{ experience: "client_only", practice: "not_yet", supervision: "yes" }, null, "all", "training", "client_only"],
    [{ experience: "workshops", practice: "not_yet", supervision: "yes" }, null, "all", "newsletter", "not_practising"],
    [{ experience: "training_program", practice: "unpaid", supervision: "yes" }, null, "all", "newsletter", "seeking_supervision"],
    [{ ...fit, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, "all", "group", "match"],
    [{ ...fit, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, "fullOnly", "group", "group_full"],
    [{ ...fit, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, "onlineAndFar", "newsletter", "no_group_nearby"],
    [{ ...fit, country: "other", place: "Berlin", format: "in_person" }, null, "all", "newsletter", "outside_region"],
    [{ ...fit, country: "other", place: "Zürich", format: "either" }, null, "none", "newsletter", "outside_region"],
    [{ ...fit, country: "other", place: "", format: "online" }, null, "onlineAndFar", "group", "match"],
  ] as [Answers, Area | null, GroupSetName, Outcome, ReasonCode][])("%o at %o with %s → %s/%s", (a, area, set, outcome, reason) => {
    expect(expected(a, area, set)).toMatchObject({ outcome, reasons: [reason] });
  });
});

// ---------------------------------------------------------------------------
// 2. Forward model: every simple path from the start to a final state.
// ---------------------------------------------------------------------------

describe("forward model (getSimplePaths)", () => {
  const paths = getSimplePaths(eligibilityMachine, {
    events: forwardEvents,
    toState: (s) => s.status === "done",
  });

  it("enumerates the expected number of simple paths", () => {
    // experience none/client_only: 2 × 4 confirms = 8
    // workshops/training_program × (not_yet: 4 + paid/unpaid × (yes: 4 + no: 2 hopes × 8 locations × 4)) = 2 × 140 = 280
    // (8 location completions: 6 unambiguous variants + NZ ambiguous × 2 places)
    console.log(`forward model: ${paths.length} simple paths`);
    expect(paths.length).toBe(288);
    expect(paths.every((p) => p.state.status === "done")).toBe(true);
  });

  it("every path, replayed from scratch, ends with the brief's outcome and asks nothing after the deciding question", () => {
    const seenOutcomes = new Set<string>();
    for (const path of paths) {
      const events = pathEvents(path);
      const label = describePath(events);
      const { actor, visited } = replay(events);
      const f = fold(events);
      expect(f.facts, label).not.toBeNull();
      const exp = assertOutput(actor, f, label);
      seenOutcomes.add(`${exp.outcome}/${exp.reasons.join(",")}`);

      // The graph's own end state agrees with the replay.
      expect(path.state.value, label).toBe(actor.getSnapshot().value);
      expect(path.state.output, label).toEqual(actor.getSnapshot().output);

      // Questions asked: exactly those up to the deciding one, in order, then check, then the outcome.
      const asked = QUESTION_STEPS.slice(0, questionIndex(exp.decidedBy) + 1) as string[];
      const expectedVisited = ["experience", ...asked.slice(1), ...(f.ambiguous ? ["place"] : []), "check", exp.outcome];
      expect(["experience", ...visited], label).toEqual(expectedVisited);
      for (const v of visited) {
        if (questionIndex(v) >= 0) expect(questionIndex(v), label).toBeLessThanOrEqual(questionIndex(exp.decidedBy));
      }
    }
    expect([...seenOutcomes].sort()).toEqual(
      [
        "group/match",
        "group/group_full",
        "newsletter/no_group_nearby",
        "newsletter/not_practising",
        "newsletter/outside_region",
        "newsletter/seeking_supervision",
        "training/client_only",
        "training/no_experience",
      ].sort(),
    );
  });
});

// ---------------------------------------------------------------------------
// 3. Change model: from the check page, change one answer.
// ---------------------------------------------------------------------------

const ans = {
  experience: (experience: (typeof EXPERIENCE)[number]): EligibilityEvent => ({ type: "answer.experience", experience }),
  practice: (practice: (typeof PRACTICE)[number]): EligibilityEvent => ({ type: "answer.practice", practice }),
  supervision: (supervision: (typeof SUPERVISION)[number]): EligibilityEvent => ({
    type: "answer.supervision",
    supervision,
  }),
  hopes: (hopes: Hope[]): EligibilityEvent => ({ type: "answer.hopes", hopes }),
};

const START_FIXTURES: { name: string; prefix: EligibilityEvent[]; paths: number }[] = [
  {
    // 4 confirms + experience 4×4 + practice 3×4 + supervision 2×4 + hopes 2×4 + location 8×4
    name: "fits, AU in person 25 km",
    prefix: [
      ans.experience("workshops"),
      ans.practice("paid"),
      ans.supervision("no"),
      ans.hopes(["connection", "local_colleagues"]),
      LOCATION_VARIANTS[0]!,
    ],
    paths: 80,
  },
  {
    // same shape, location reached through the ambiguous place choice
    name: "fits, NZ ambiguous place chosen",
    prefix: [
      ans.experience("training_program"),
      ans.practice("unpaid"),
      ans.supervision("no"),
      ans.hopes([]),
      LOCATION_VARIANTS[3]!,
      { type: "answer.place", areaId: RICHMOND_CHCH.id },
    ],
    paths: 80,
  },
  {
    // 4 + experience: none 4 + client_only 4 + 2 × (not_yet 4 + 2 × (yes 4 + 2×8×4)) = 292
    name: "experience none",
    prefix: [ans.experience("none")],
    paths: 292,
  },
  {
    // 4 + experience (none 4, client_only 4, 2×4) + practice (not_yet 4 + 2 × (4 + 64)) = 4 + 16 + 140
    name: "not practising yet",
    prefix: [ans.experience("training_program"), ans.practice("not_yet")],
    paths: 160,
  },
  {
    // 4 + experience 16 + practice 12 + supervision (yes 4 + no 64)
    name: "seeking supervision",
    prefix: [ans.experience("workshops"), ans.practice("unpaid"), ans.supervision("yes")],
    paths: 100,
  },
  {
    // Back button from check made the outcome certain; hopes and location stay answered but irrelevant.
    // 4 + experience 16 + practice 12 + supervision (yes 4 + no → check 4)
    name: "seeking supervision after Back, later answers kept",
    prefix: [
      ans.experience("workshops"),
      ans.practice("paid"),
      ans.supervision("no"),
      ans.hopes(["local_colleagues"]),
      LOCATION_VARIANTS[1]!,
      ans.supervision("yes"),
    ],
    paths: 40,
  },
];

function startAt(prefix: readonly EligibilityEvent[]) {
  const { actor } = replay(prefix);
  expect(actor.getSnapshot().value).toBe("check");
  return actor;
}

function changeEvents(start: Snap) {
  const startContext = JSON.stringify(start.context);
  return (s: Snap): EligibilityEvent[] => {
    if (s.value === "check") {
      const confirms = forwardEvents(s);
      // Only one change per path: `change` is offered only on the untouched starting check page.
      if (JSON.stringify(s.context) !== startContext) return confirms;
      return [...QUESTION_STEPS.map((step): EligibilityEvent => ({ type: "change", step })), ...confirms];
    }
    return forwardEvents(s);
  };
}

describe("change model (one change from the check page)", () => {
  for (const fixture of START_FIXTURES) {
    it(`${fixture.name}: every change path ends with the brief's outcome`, () => {
      const start = startAt(fixture.prefix).getSnapshot();
      const startFold = fold(fixture.prefix);
      const startAnswered = new Set(
        QUESTION_STEPS.filter((s) =>
          s === "location" ? startFold.answers.country !== undefined : startFold.answers[s] !== undefined,
        ),
      );
      const paths = getSimplePaths(eligibilityMachine, {
        events: changeEvents(start),
        fromState: start,
        toState: (s) => s.status === "done",
      });
      console.log(`change model "${fixture.name}": ${paths.length} simple paths`);
      expect(paths.length).toBe(fixture.paths);

      const changed = new Set<string>();
      for (const path of paths) {
        const events = pathEvents(path);
        const label = `[${fixture.name}] ${describePath(events)}`;
        const { actor, visited } = replay(events, startAt(fixture.prefix));
        const f = fold(events, startFold);
        const exp = assertOutput(actor, f, label);
        expect(path.state.output, label).toEqual(actor.getSnapshot().output);

        const changes = events.filter((e) => e.type === "change");
        expect(changes.length, label).toBeLessThanOrEqual(1);
        const change = changes[0];
        if (!change) {
          expect(visited, label).toEqual([exp.outcome]);
          continue;
        }
        changed.add(change.step);
        // After changing step X: X, then only the questions never answered that have become
        // necessary, in order, then back to check.
        const newlyAsked = QUESTION_STEPS.filter(
          (s) => s !== change.step && !startAnswered.has(s) && questionIndex(s) <= questionIndex(exp.decidedBy),
        );
        const asked = [change.step, ...newlyAsked].flatMap((s) =>
          s === "location" && f.ambiguous && events.some((e) => e.type === "answer.place") ? ["location", "place"] : [s],
        );
        expect(visited, label).toEqual([...asked, "check", exp.outcome]);
      }
      // Only answered questions that matter for the outcome can be changed.
      const changeable = QUESTION_STEPS.filter(
        (s) => startAnswered.has(s) && questionIndex(s) <= questionIndex(expected(startFold.answers, startFold.area, "none").decidedBy),
      );
      expect([...changed].sort()).toEqual([...changeable].sort());
    });
  }

  it("workshops → none from check gives training / no_experience", () => {
    const actor = startAt(START_FIXTURES[0]!.prefix);
    expect(actor.getSnapshot().can({ type: "change", step: "experience" })).toBe(true);
    const { visited } = replay(
      [
        { type: "change", step: "experience" },
        ans.experience("none"),
        confirm("all"),
      ],
      actor,
    );
    expect(visited).toEqual(["experience", "check", "training"]);
    expect(actor.getSnapshot().output).toMatchObject({
      outcome: "training",
      reasons: ["no_experience"],
      answers: { experience: "none" },
      area: null,
    });
    expect(Object.keys(actor.getSnapshot().output!.answers)).toEqual(["experience"]);
  });

  it("none → workshops from check asks practice, supervision, hopes and location (never answered)", () => {
    const actor = startAt([ans.experience("none")]);
    const { visited } = replay(
      [
        { type: "change", step: "experience" },
        ans.experience("workshops"),
        ans.practice("paid"),
        ans.supervision("no"),
        ans.hopes(["collaborate"]),
        LOCATION_VARIANTS[1]!,
        confirm("all", FITZROY),
      ],
      actor,
    );
    expect(visited).toEqual(["experience", "practice", "supervision", "hopes", "location", "check", "group"]);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "group", reasons: ["match"], area: FITZROY });
  });

  it("changing location from check (AU in person → other in person) gives outside_region", () => {
    const actor = startAt(START_FIXTURES[0]!.prefix);
    const { visited } = replay(
      [
        { type: "change", step: "location" },
        LOCATION_VARIANTS[4]!,
        confirm("all"),
      ],
      actor,
    );
    expect(visited).toEqual(["location", "check", "newsletter"]);
    const out = actor.getSnapshot().output!;
    expect(out).toMatchObject({ outcome: "newsletter", reasons: ["outside_region"], area: null });
    expect(out.answers).toStrictEqual({
      experience: "workshops",
      practice: "paid",
      supervision: "no",
      hopes: ["connection", "local_colleagues"],
      country: "other",
      place: "Berlin",
      format: "in_person",
    });
  });

  it("changing location from check to an ambiguous place goes through place and back to check", () => {
    const actor = startAt(START_FIXTURES[0]!.prefix);
    const { visited } = replay(
      [
        { type: "change", step: "location" },
        LOCATION_VARIANTS[3]!,
        { type: "answer.place", areaId: RICHMOND_TASMAN.id },
        confirm("all", RICHMOND_TASMAN),
      ],
      actor,
    );
    expect(visited).toEqual(["location", "place", "check", "group"]);
    expect(actor.getSnapshot().output).toMatchObject({
      outcome: "group",
      area: RICHMOND_TASMAN,
      answers: { country: "NZ", place: "Richmond", format: "in_person", distanceKm: 10 },
    });
  });
});

// ---------------------------------------------------------------------------
// 4. Unit tests.
// ---------------------------------------------------------------------------

describe("events the machine cannot take now", () => {
  it("answering supervision (or any later question) while at experience", () => {
    const snap = startActor().getSnapshot();
    expect(snap.value).toBe("experience");
    expect(snap.can(ans.supervision("no"))).toBe(false);
    expect(snap.can(ans.practice("paid"))).toBe(false);
    expect(snap.can(ans.hopes([]))).toBe(false);
    expect(snap.can(LOCATION_VARIANTS[0]!)).toBe(false);
    expect(snap.can(ans.experience("workshops"))).toBe(true);
  });

  it("answering a question not yet reached from a later step is not accepted either", () => {
    const { actor } = replay([ans.experience("workshops")]);
    expect(actor.getSnapshot().value).toBe("practice");
    expect(actor.getSnapshot().can(ans.supervision("no"))).toBe(false);
    expect(actor.getSnapshot().can(ans.hopes(["connection"]))).toBe(false);
  });

  it("confirm before check", () => {
    const actor = startActor();
    const confirmAll = confirm("all");
    expect(actor.getSnapshot().can(confirmAll)).toBe(false);
    replay([ans.experience("workshops"), ans.practice("paid"), ans.supervision("no"), ans.hopes([])], actor);
    expect(actor.getSnapshot().value).toBe("location");
    expect(actor.getSnapshot().can(confirmAll)).toBe(false);
    replay([LOCATION_VARIANTS[3]!], actor);
    expect(actor.getSnapshot().value).toBe("place");
    expect(actor.getSnapshot().can(confirmAll)).toBe(false);
  });

  it("change to a step not yet answered (or not relevant), and change outside check", () => {
    const atCheck = startAt([ans.experience("none")]).getSnapshot();
    expect(atCheck.can({ type: "change", step: "experience" })).toBe(true);
    for (const step of ["practice", "supervision", "hopes", "location"] as const) {
      expect(atCheck.can({ type: "change", step }), step).toBe(false);
    }
    const atSupervision = startAt([ans.experience("workshops"), ans.practice("unpaid"), ans.supervision("yes")]).getSnapshot();
    expect(atSupervision.can({ type: "change", step: "supervision" })).toBe(true);
    expect(atSupervision.can({ type: "change", step: "hopes" })).toBe(false);
    expect(atSupervision.can({ type: "change", step: "location" })).toBe(false);

    // answered, but no longer relevant after a Back-button re-answer made the outcome certain
    const stale = startAt(START_FIXTURES.find((f) => f.name.startsWith("seeking supervision after Back"))!.prefix);
    expect(stale.getSnapshot().can({ type: "change", step: "supervision" })).toBe(true);
    expect(stale.getSnapshot().can({ type: "change", step: "hopes" })).toBe(false);
    expect(stale.getSnapshot().can({ type: "change", step: "location" })).toBe(false);

    const { actor } = replay([ans.experience("workshops")]);
    expect(actor.getSnapshot().can({ type: "change", step: "experience" })).toBe(false);
  });

  it("answer.place with an id that is not among the candidates", () => {
    const { actor } = replay([
      ans.experience("workshops"),
      ans.practice("paid"),
      ans.supervision("no"),
      ans.hopes([]),
      LOCATION_VARIANTS[3]!,
    ]);
    const snap = actor.getSnapshot();
    expect(snap.value).toBe("place");
    expect(snap.can({ type: "answer.place", areaId: BRISBANE.id })).toBe(false);
    expect(snap.can({ type: "answer.place", areaId: "" })).toBe(false);
    expect(snap.can({ type: "answer.place", areaId: RICHMOND_CHCH.id })).toBe(true);
    // and outside the place step altogether
    expect(startAt(START_FIXTURES[0]!.prefix).getSnapshot().can({ type: "answer.place", areaId: BRISBANE.id })).toBe(
      false,
    );
  });

  it("an AU/NZ place that matched nothing is not accepted", () => {
    const { actor } = replay([ans.experience("workshops"), ans.practice("paid"), ans.supervision("no"), ans.hopes([])]);
    expect(
      actor.getSnapshot().can({ ...LOCATION_VARIANTS[0]!, place: "nowhere", candidates: [] } as EligibilityEvent),
    ).toBe(false);
  });
});

describe("Back button: re-answering an earlier question from a later step", () => {
  const upToLocation = [ans.experience("workshops"), ans.practice("paid"), ans.supervision("no"), ans.hopes([])];

  it.each([
    ["experience", ans.experience("training_program"), "practice"],
    ["practice", ans.practice("unpaid"), "supervision"],
    ["supervision", ans.supervision("no"), "hopes"],
    ["hopes", ans.hopes(["collaborate"]), "location"],
  ] as const)("re-answering %s at location goes to the step after it", (_step, event, next) => {
    const { actor } = replay(upToLocation);
    expect(actor.getSnapshot().value).toBe("location");
    expect(actor.getSnapshot().can(event)).toBe(true);
    actor.send(event);
    expect(actor.getSnapshot().value).toBe(next);
  });

  it("re-answering from check goes to the step after it and keeps the new answer", () => {
    const actor = startAt(START_FIXTURES[0]!.prefix);
    replay([ans.practice("unpaid")], actor);
    expect(actor.getSnapshot().value).toBe("supervision");
    expect(actor.getSnapshot().context.answers.practice).toBe("unpaid");
  });

  it("re-answering location from check (Back from check) returns to check", () => {
    const actor = startAt(START_FIXTURES[0]!.prefix);
    replay([LOCATION_VARIANTS[1]!], actor);
    expect(actor.getSnapshot().value).toBe("check");
    replay([confirm("onlineAndFar", FITZROY)], actor);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "group", area: FITZROY, answers: { format: "either" } });
  });

  it("at place: re-answering hopes goes back to location; answering location again un-ambiguously goes on", () => {
    const { actor } = replay([...upToLocation, LOCATION_VARIANTS[3]!]);
    expect(actor.getSnapshot().value).toBe("place");
    replay([ans.hopes(["connection"])], actor);
    expect(actor.getSnapshot().value).toBe("location");
    replay([LOCATION_VARIANTS[3]!], actor);
    expect(actor.getSnapshot().value).toBe("place");
    replay([LOCATION_VARIANTS[0]!], actor);
    expect(actor.getSnapshot().value).toBe("check");
    replay([confirm("all", BRISBANE)], actor);
    expect(actor.getSnapshot().output).toMatchObject({
      outcome: "group",
      area: BRISBANE,
      answers: { hopes: ["connection"], country: "AU", place: "4000", distanceKm: 25 },
    });
  });

  it("a re-answer that makes the outcome certain goes straight to check", () => {
    const { actor } = replay(upToLocation);
    replay([ans.supervision("yes"), confirm("all")], actor);
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "newsletter", reasons: ["seeking_supervision"] });
    expect(Object.keys(actor.getSnapshot().output!.answers).sort()).toEqual(["experience", "practice", "supervision"]);
  });
});

describe("a group chosen from its page, and notices after a replay", () => {
  it("join.choose is remembered at any step and carried to the end", () => {
    const { actor } = replay([ans.experience("workshops"), { type: "join.choose", group: { id: 7, slug: "richmond-tasman" } }]);
    expect(actor.getSnapshot().value).toBe("practice");
    replay([ans.practice("paid"), ans.supervision("no"), ans.hopes([]), LOCATION_VARIANTS[3]!, { type: "answer.place", areaId: RICHMOND_TASMAN.id }, confirm("all", RICHMOND_TASMAN)], actor);
    const snap = actor.getSnapshot();
    expect(snap.context.joinGroup).toEqual({ id: 7, slug: "richmond-tasman" });
    expect(snap.output!.groups.map((g) => g.id)).toContain(7);
  });

  it("a notice lasts until the next answer; one given at check reaches the outcome", () => {
    const { actor } = replay([ans.experience("workshops"), { type: "notify", notice: "answer_lost", carried: { practice: "paid" } }]);
    expect(actor.getSnapshot().context).toMatchObject({ notice: "answer_lost", carried: { practice: "paid" } });
    replay([ans.practice("paid")], actor);
    expect(actor.getSnapshot().context.notice).toBeNull();
    replay([ans.supervision("yes"), { type: "notify", notice: "rechecked" }, confirm("none")], actor);
    expect(actor.getSnapshot().output).toMatchObject({ reasons: ["seeking_supervision"], notice: "rechecked", ruleVersion: RULE_VERSION });
  });
});

describe("persisted snapshot round-trip", () => {
  const prefixes: [string, EligibilityEvent[]][] = [
    ["at hopes", [ans.experience("workshops"), ans.practice("paid"), ans.supervision("no")]],
    ["at place", [ans.experience("workshops"), ans.practice("paid"), ans.supervision("no"), ans.hopes([]), LOCATION_VARIANTS[3]!]],
    ["at check", START_FIXTURES[0]!.prefix],
    ["at check after change", [...START_FIXTURES[0]!.prefix, { type: "change", step: "location" }]],
  ];
  const continuations: Record<string, EligibilityEvent[]> = {
    "at hopes": [ans.hopes(["connection"]), LOCATION_VARIANTS[0]!, confirm("all", BRISBANE)],
    "at place": [{ type: "answer.place", areaId: RICHMOND_TASMAN.id }, confirm("none", RICHMOND_TASMAN)],
    "at check": [{ type: "change", step: "hopes" }, ans.hopes([]), confirm("all", BRISBANE)],
    "at check after change": [LOCATION_VARIANTS[5]!, confirm("all")],
  };

  it.each(prefixes)("%s: restored actor continues identically", (name, prefix) => {
    const { actor: original } = replay(prefix);
    const persisted = eligibilityMachine.getPersistedSnapshot(original.getSnapshot());
    const restoredSnapshot = JSON.parse(JSON.stringify(persisted)) as Snap;
    const restored = startActor(restoredSnapshot);
    expect(restored.getSnapshot().value).toBe(original.getSnapshot().value);
    expect(restored.getSnapshot().context).toEqual(original.getSnapshot().context);

    const rest = continuations[name]!;
    const a = replay(rest, original);
    const b = replay(rest, restored);
    expect(b.visited).toEqual(a.visited);
    expect(b.actor.getSnapshot().status).toBe("done");
    expect(b.actor.getSnapshot().output).toEqual(a.actor.getSnapshot().output);
    const f = fold([...prefix, ...rest]);
    assertOutput(b.actor, f, name);
  });
});

// ---------------------------------------------------------------------------
// 5. Every state node is reachable.
// ---------------------------------------------------------------------------

describe("reachability (getShortestPaths)", () => {
  it("reaches every state node of the machine", () => {
    const paths = getShortestPaths(eligibilityMachine, { events: forwardEvents });
    const reached = new Set(paths.map((p) => String(p.state.value)));
    expect([...reached].sort()).toEqual([...ALL_STATES].sort());
    // Every node a snapshot can rest in (i.e. not a transient node with eventless
    // `always` transitions, such as `routing`) is among them.
    const transient = Object.entries(eligibilityMachine.root.states)
      .filter(([, node]) => (node.always?.length ?? 0) > 0)
      .map(([key]) => key);
    expect(transient).toContain("routing");
    const resting = Object.keys(eligibilityMachine.root.states).filter((k) => !transient.includes(k));
    expect(resting.sort()).toEqual([...ALL_STATES].sort());
  });
});
