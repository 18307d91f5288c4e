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
  type Matches,
  type Outcome,
  type QuestionStep,
  type ReasonCode,
} from "./answers";
import { CRITERIA, decide, firstFailing, relevantSteps, RULE_VERSION } from "./criteria";

/** The routing table from the brief: earliest failing row decides. */
function briefRouting(a: Answers, m: Matches): { outcome: Outcome; reason: ReasonCode; decidedBy: QuestionStep } {
  if (a.experience === "none") return { outcome: "training", reason: "no_experience", decidedBy: "experience" };
  if (a.experience === "client_only") return { outcome: "training", reason: "client_only", decidedBy: "experience" };
  if (a.practice === "not_yet") return { outcome: "newsletter", reason: "not_practising", decidedBy: "practice" };
  if (a.supervision === "yes") return { outcome: "newsletter", reason: "seeking_supervision", decidedBy: "supervision" };
  const inPerson = a.country !== "other" && (a.format === "in_person" || a.format === "either") && m.inPerson > 0;
  const online = (a.format === "online" || a.format === "either") && m.online > 0;
  if (inPerson || online) return { outcome: "group", reason: "match", decidedBy: "location" };
  if (a.country === "other") return { outcome: "newsletter", reason: "outside_region", decidedBy: "location" };
  return { outcome: "newsletter", reason: "no_group_nearby", decidedBy: "location" };
}

const fits: Answers = { experience: "workshops", practice: "paid", supervision: "no", hopes: ["connection"] };
const NO_MATCHES: Matches = { inPerson: 0, online: 0 };

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
  it.each([
    [{ experience: "none" }, NO_MATCHES, "training", "no_experience", "experience"],
    [{ experience: "client_only" }, { inPerson: 9, online: 9 }, "training", "client_only", "experience"],
    [{ experience: "workshops", practice: "not_yet", supervision: "yes" }, NO_MATCHES, "newsletter", "not_practising", "practice"],
    [{ experience: "workshops", practice: "not_yet", supervision: "no" }, NO_MATCHES, "newsletter", "not_practising", "practice"],
    [{ experience: "workshops", practice: "paid", supervision: "yes" }, { inPerson: 3, online: 3 }, "newsletter", "seeking_supervision", "supervision"],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, { inPerson: 1, online: 0 }, "group", "match", "location"],
    [{ ...fits, country: "AU", place: "4000", format: "in_person", distanceKm: 25 }, { inPerson: 0, online: 4 }, "newsletter", "no_group_nearby", "location"],
    [{ ...fits, country: "NZ", place: "Richmond", format: "either", distanceKm: 10 }, { inPerson: 1, online: 0 }, "group", "match", "location"],
    [{ ...fits, country: "NZ", place: "Richmond", format: "either", distanceKm: 10 }, { inPerson: 0, online: 1 }, "group", "match", "location"],
    [{ ...fits, country: "NZ", place: "Richmond", format: "either", distanceKm: 10 }, NO_MATCHES, "newsletter", "no_group_nearby", "location"],
    [{ ...fits, country: "AU", place: "4000", format: "online" }, { inPerson: 5, online: 0 }, "newsletter", "no_group_nearby", "location"],
    [{ ...fits, country: "AU", place: "4000", format: "online" }, { inPerson: 0, online: 1 }, "group", "match", "location"],
    [{ ...fits, country: "other", place: "Berlin", format: "in_person" }, { inPerson: 5, online: 5 }, "newsletter", "outside_region", "location"],
    [{ ...fits, country: "other", place: "Berlin", format: "either" }, { inPerson: 5, online: 0 }, "newsletter", "outside_region", "location"],
    [{ ...fits, country: "other", place: "Berlin", format: "either" }, { inPerson: 0, online: 2 }, "group", "match", "location"],
    [{ ...fits, country: "other", place: "", format: "online" }, NO_MATCHES, "newsletter", "outside_region", "location"],
  ] as [Answers, Matches, Outcome, ReasonCode, QuestionStep][])(
    "%o, %o → %s / %s (decided by %s)",
    (answers, matches, outcome, reason, decidedBy) => {
      expect(decide(answers, matches)).toEqual({ outcome, reasons: [reason], decidedBy });
    },
  );

  it("agrees with the brief's table for every combination of answers and match counts", () => {
    const hopesVariants: Answers["hopes"][] = [[], ["connection", "local_colleagues", "learn_share", "collaborate"]];
    const matchVariants: Matches[] = [
      { inPerson: 0, online: 0 },
      { inPerson: 1, online: 0 },
      { inPerson: 0, online: 1 },
      { inPerson: 2, online: 3 },
    ];
    let n = 0;
    for (const experience of EXPERIENCE)
      for (const practice of PRACTICE)
        for (const supervision of SUPERVISION)
          for (const hopes of hopesVariants)
            for (const country of COUNTRY)
              for (const format of FORMAT)
                for (const distanceKm of [undefined, ...DISTANCE_KM])
                  for (const m of matchVariants) {
                    const a: Answers = { experience, practice, supervision, hopes, country, place: "x", format, distanceKm };
                    const want = briefRouting(a, m);
                    expect(decide(a, m), JSON.stringify({ a, m })).toEqual({
                      outcome: want.outcome,
                      reasons: [want.reason],
                      decidedBy: want.decidedBy,
                    });
                    n++;
                  }
    expect(n).toBe(4 * 3 * 2 * 2 * 3 * 3 * 5 * 4);
  });

  it("is pure: does not modify its arguments", () => {
    const a: Answers = { ...fits, country: "AU", place: "4000", format: "either", distanceKm: 50 };
    const m: Matches = { inPerson: 1, online: 1 };
    const before = JSON.stringify([a, m]);
    decide(a, m);
    expect(JSON.stringify([a, m])).toBe(before);
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
          expect(steps.at(-1)).toBe(briefRouting(a, NO_MATCHES).decidedBy);
          expect(steps).toEqual(QUESTION_STEPS.slice(0, steps.length));
        }
  });
});
