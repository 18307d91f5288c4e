/**
 * Unit tests of the criteria against the product brief's routing table.
 * The table is restated here (`briefRouting`) rather than derived from the code.
 */
import { describe, expect, it } from "vitest";
import {
  COUNTRY,
  DISTANCE_KM,
  EXPERIENCE,
  FORMAT,
  PRACTICE,
  QUESTION_STEPS,
  REASON_CODES,
  SUPERVISION,
  type Answers,
  type Area,
  type Outcome,
  type QuestionStep,
  type ReasonCode,
} from "./answers";
import { CRITERIA, decide, firstFailing, relevantSteps, RULE_VERSION } from "./criteria";
import type { MatchFacts } from "./matching";
import { BRISBANE, factsFor, GROUP_SET_NAMES, RICHMOND_TASMAN } from "./test-fixtures";

/**
 * The routing table from the brief: earliest failing row decides. For
 * someone every criterion fits, the location rows (machines/matching.ts,
 * tested there and in eligibility.test.ts) decide: here, only which kind.
 */
function briefRouting(a: Answers, hasOpen: boolean, hasFull: boolean): { outcome: Outcome; reason: ReasonCode; decidedBy: QuestionStep } {
  if (a.experience === "none") return { outcome: "training", reason: "no_experience", decidedBy: "experience" };
  if (a.experience === "client_only") return { outcome: "training", reason: "client_only", decidedBy: "experience" };
  if (a.practice === "not_yet") return { outcome: "newsletter", reason: "not_practising", decidedBy: "practice" };
  if (a.supervision === "yes") return { outcome: "newsletter", reason: "seeking_supervision", decidedBy: "supervision" };
  if (hasOpen) return { outcome: "group", reason: "match", decidedBy: "location" };
  if (hasFull) return { outcome: "group", reason: "group_full", decidedBy: "location" };
  if (a.country === "other") return { outcome: "newsletter", reason: "outside_region", decidedBy: "location" };
  return { outcome: "newsletter", reason: "no_group_nearby", decidedBy: "location" };
}

const fits: Answers = { experience: "workshops", practice: "paid", supervision: "no", hopes: ["connection"] };
const NO_GROUPS: MatchFacts = { groups: [], viewerUtcOffsetMinutes: null };

describe("CRITERIA", () => {
  it("are the four eligibility rows of the table, in the order the questions are asked", () => {
    expect(CRITERIA.map((c) => [c.step, c.reason, c.outcome])).toEqual([
      ["experience", "no_experience", "training"],
      ["experience", "client_only", "training"],
      ["practice", "not_practising", "newsletter"],
      ["supervision", "seeking_supervision", "newsletter"],
    ]);
    const steps = CRITERIA.map((c) => QUESTION_STEPS.indexOf(c.step));
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it("have unique ids and valid reason codes", () => {
    expect(new Set(CRITERIA.map((c) => c.id)).size).toBe(CRITERIA.length);
    for (const c of CRITERIA) {
      expect(c.id).toMatch(/^[a-z_]+$/);
      expect(REASON_CODES).toContain(c.reason);
    }
  });

  it("an unanswered step never fails", () => {
    for (const c of CRITERIA) expect(c.fails({}), c.id).toBe(false);
  });

  it("each fails exactly for its own answer value", () => {
    const failing = (a: Answers) => CRITERIA.filter((c) => c.fails(a)).map((c) => c.reason);
    for (const experience of EXPERIENCE) {
      expect(failing({ experience }), experience).toEqual(
        experience === "none" ? ["no_experience"] : experience === "client_only" ? ["client_only"] : [],
      );
    }
    for (const practice of PRACTICE) {
      expect(failing({ practice }), practice).toEqual(practice === "not_yet" ? ["not_practising"] : []);
    }
    for (const supervision of SUPERVISION) {
      expect(failing({ supervision }), supervision).toEqual(supervision === "yes" ? ["seeking_supervision"] : []);
    }
    expect(failing({ ...fits, country: "other", place: "", format: "in_person" })).toEqual([]);
  });

  it("RULE_VERSION is set", () => {
    expect(RULE_VERSION).toMatch(/\S/);
  });
});

describe("firstFailing", () => {
  it("is undefined for no answers and for someone who fits", () => {
    expect(firstFailing({})).toBeUndefined();
    expect(firstFailing(fits)).toBeUndefined();
  });

  it("picks the earliest failing criterion", () => {
    expect(firstFailing({ experience: "client_only", practice: "not_yet", supervision: "yes" })?.reason).toBe(
      "client_only",
    );
    expect(firstFailing({ experience: "none", practice: "not_yet" })?.reason).toBe("no_experience");
    // practice is asked before supervision: not practising wins
    expect(firstFailing({ experience: "workshops", practice: "not_yet", supervision: "yes" })?.reason).toBe(
      "not_practising",
    );
    expect(firstFailing({ experience: "training_program", practice: "unpaid", supervision: "yes" })?.reason).toBe(
      "seeking_supervision",
    );
    // later answers alone also fail (an unanswered earlier step never fails)
    expect(firstFailing({ supervision: "yes" })?.reason).toBe("seeking_supervision");
  });

  it("accepts a custom list of criteria", () => {
    const onlySupervision = CRITERIA.filter((c) => c.step === "supervision");
    expect(firstFailing({ experience: "none", supervision: "yes" }, onlySupervision)?.reason).toBe(
      "seeking_supervision",
    );
    expect(firstFailing({ experience: "none" }, [])).toBeUndefined();
  });
});

describe("decide", () => {
  const near = factsFor("all", BRISBANE);
  const full = factsFor("fullOnly", BRISBANE);
  const online = factsFor("onlineAndFar", BRISBANE);
  it.each([
    [{ experience: "none" }, null, NO_GROUPS, "training", "no_experience", "experience", []],
    [{ experience: "client_only" }, BRISBANE, near, "training", "client_only", "experience", []],
    [{ experience: "workshops", practice: "not_yet", supervision: "yes" }, null, NO_GROUPS, "newsletter", "not_practising", "practice", []],
    [{ experience: "workshops", practice: "not_yet", supervision: "no" }, BRISBANE, near, "newsletter", "not_practising", "practice", []],
    [{ experience: "workshops", practice: "paid", supervision: "yes" }, BRISBANE, near, "newsletter", "seeking_supervision", "supervision", []],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, near, "group", "match", "location", ["west-end", "logan"]],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 10 }, BRISBANE, near, "group", "match", "location", ["west-end"]],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, full, "group", "group_full", "location", ["logan", "fitzroy-hybrid", "perth-online"]],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, BRISBANE, online, "newsletter", "no_group_nearby", "location", ["nz-evenings"]],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 100 }, BRISBANE, online, "group", "match", "location", ["gold-coast"]],
    [{ ...fits, country: "NZ", place: "Richmond", format: "in_person", distanceKm: 10 }, RICHMOND_TASMAN, factsFor("fullOnly", RICHMOND_TASMAN), "newsletter", "no_group_nearby", "location", ["fitzroy-hybrid"]],
    [{ ...fits, country: "NZ", place: "Richmond", format: "in_person", distanceKm: 25 }, RICHMOND_TASMAN, factsFor("fullOnly", RICHMOND_TASMAN), "group", "group_full", "location", ["nelson", "fitzroy-hybrid"]],
    [{ ...fits, country: "AU", place: "4000", format: "online" }, BRISBANE, factsFor("none", BRISBANE), "newsletter", "no_group_nearby", "location", []],
    [{ ...fits, country: "other", place: "Berlin", format: "in_person" }, null, factsFor("onlineAndFar", null), "newsletter", "outside_region", "location", ["london-online", "nz-evenings"]],
    [{ ...fits, country: "other", place: "Berlin", format: "either" }, null, factsFor("onlineAndFar", null), "group", "match", "location", ["london-online", "nz-evenings"]],
    [{ ...fits, country: "other", place: "", format: "online" }, null, NO_GROUPS, "newsletter", "outside_region", "location", []],
  ] as [Answers, Area | null, MatchFacts, Outcome, ReasonCode, QuestionStep, string[]][])(
    "%o at %o → %s / %s (decided by %s)",
    (answers, area, facts, outcome, reason, decidedBy, slugs) => {
      const d = decide(answers, area, facts);
      expect({ ...d, groups: d.groups.map((g) => g.slug) }).toEqual({ outcome, reasons: [reason], decidedBy, groups: slugs });
    },
  );

  it("agrees with the brief's table for every combination of answers and candidate groups", () => {
    const hopesVariants: Answers["hopes"][] = [[], ["connection", "local_colleagues", "learn_share", "collaborate"]];
    let n = 0;
    for (const experience of EXPERIENCE)
      for (const practice of PRACTICE)
        for (const supervision of SUPERVISION)
          for (const hopes of hopesVariants)
            for (const country of COUNTRY)
              for (const format of FORMAT)
                for (const distanceKm of [undefined, ...DISTANCE_KM])
                  for (const set of GROUP_SET_NAMES) {
                    const area = country === "other" ? null : BRISBANE;
                    const facts = factsFor(set, area);
                    const a: Answers = { experience, practice, supervision, hopes, country, place: "x", format, distanceKm };
                    const d = decide(a, area, facts);
                    // Online groups listed to someone who asked only for in person are offers, not matches.
                    const suited = d.groups.filter((g) => g.how === "in_person" || format !== "in_person");
                    const want = briefRouting(
                      a,
                      suited.some((g) => g.status === "open"),
                      suited.some((g) => g.status === "full"),
                    );
                    const label = JSON.stringify({ a, set });
                    expect({ outcome: d.outcome, reasons: d.reasons, decidedBy: d.decidedBy }, label).toEqual({
                      outcome: want.outcome,
                      reasons: [want.reason],
                      decidedBy: want.decidedBy,
                    });
                    // Nobody who does not fit yet is listed a group; a match lists an open group first.
                    if (want.decidedBy !== "location") expect(d.groups, label).toEqual([]);
                    if (want.reason === "match") expect(d.groups[0]?.status, label).toBe("open");
                    if (want.reason === "group_full") expect(suited.every((g) => g.status === "full"), label).toBe(true);
                    n++;
                  }
    expect(n).toBe(4 * 3 * 2 * 2 * 3 * 3 * 5 * 4);
  });

  it("is pure: does not modify its arguments", () => {
    const a: Answers = { ...fits, country: "AU", place: "4000", format: "either", distanceKm: 50 };
    const facts = factsFor("all", BRISBANE);
    const before = JSON.stringify([a, BRISBANE, facts]);
    decide(a, BRISBANE, facts);
    expect(JSON.stringify([a, BRISBANE, facts])).toBe(before);
  });
});

describe("relevantSteps", () => {
  it.each([
    [{}, QUESTION_STEPS],
    [{ experience: "none" }, ["experience"]],
    [{ experience: "client_only", practice: "paid", supervision: "no", hopes: [] }, ["experience"]],
    [{ experience: "workshops", practice: "not_yet", supervision: "yes" }, ["experience", "practice"]],
    [{ experience: "workshops", practice: "paid", supervision: "yes", hopes: [], country: "AU" }, ["experience", "practice", "supervision"]],
    [{ ...fits, country: "other", place: "", format: "in_person" }, QUESTION_STEPS],
  ] as [Answers, QuestionStep[]][])("%o → %o", (answers, steps) => {
    expect(relevantSteps(answers)).toEqual([...steps]);
  });

  it("ends with the step that decides", () => {
    for (const experience of EXPERIENCE)
      for (const practice of PRACTICE)
        for (const supervision of SUPERVISION) {
          const a: Answers = { ...fits, experience, practice, supervision, country: "AU", place: "4000", format: "online" };
          const steps = relevantSteps(a);
          expect(steps.at(-1)).toBe(briefRouting(a, false, false).decidedBy);
          expect(steps).toEqual(QUESTION_STEPS.slice(0, steps.length));
        }
  });
});
