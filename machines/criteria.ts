/**
 * Who PWCOP is for, defined once. The statechart routes with these
 * definitions and the "Who is PWCOP for" page lists them, so the two can
 * never disagree. Copy lives in content/criteria.json, keyed by criterion id
 * and reason code; nothing here is prose.
 */
import type { Answers, Matches, Outcome, QuestionStep, ReasonCode } from "./answers";
import { QUESTION_STEPS } from "./answers";

/**
 * Bump when a criterion, its order or the routing below changes in a way
 * that could give someone a different outcome. Stored with every decision.
 */
export const RULE_VERSION = "2026-11.1";

export interface Criterion {
  /** Stable id; content/criteria.json has the copy for it. */
  id: string;
  /** The question that asks it (its content key in content/wizard.json). */
  step: QuestionStep;
  /** Reason code reported when this criterion decides the outcome. */
  reason: ReasonCode;
  /** Where someone goes when they do not meet it. */
  outcome: Exclude<Outcome, "group">;
  /** True when the answers show the criterion is not met. An unanswered step never fails. */
  fails: (answers: Answers) => boolean;
}

/**
 * In the order they are asked; the earliest failing criterion decides.
 * The wizard asks practice before supervision, so someone not yet
 * practising is told that first (both lead to the newsletter).
 */
export const CRITERIA: readonly Criterion[] = [
  {
    id: "has_learned_process_work",
    step: "experience",
    reason: "no_experience",
    outcome: "training",
    fails: (a) => a.experience === "none",
  },
  {
    id: "learned_beyond_being_a_client",
    step: "experience",
    reason: "client_only",
    outcome: "training",
    fails: (a) => a.experience === "client_only",
  },
  {
    id: "uses_it_in_work",
    step: "practice",
    reason: "not_practising",
    outcome: "newsletter",
    fails: (a) => a.practice === "not_yet",
  },
  {
    id: "not_seeking_free_supervision",
    step: "supervision",
    reason: "seeking_supervision",
    outcome: "newsletter",
    fails: (a) => a.supervision === "yes",
  },
];

export function firstFailing(
  answers: Answers,
  criteria: readonly Criterion[] = CRITERIA,
): Criterion | undefined {
  return criteria.find((c) => c.fails(answers));
}

export interface Decision {
  outcome: Outcome;
  reasons: ReasonCode[];
  /** The question whose answer led to this outcome (the one to offer changing). */
  decidedBy: QuestionStep;
}

/**
 * The whole routing table of PRODUCT.md §2. `matches` are facts about the
 * groups near the person's area, found by the server; this stays pure.
 */
export function decide(answers: Answers, matches: Matches): Decision {
  const failing = firstFailing(answers);
  if (failing) return { outcome: failing.outcome, reasons: [failing.reason], decidedBy: failing.step };

  const { country, format } = answers;
  if (country === "other" && format === "in_person") {
    return { outcome: "newsletter", reasons: ["outside_region"], decidedBy: "location" };
  }
  const inPersonFits = country !== "other" && format !== "online" && matches.inPerson > 0;
  const onlineFits = format !== "in_person" && matches.online > 0;
  if (inPersonFits || onlineFits) return { outcome: "group", reasons: ["match"], decidedBy: "location" };
  if (country === "other") return { outcome: "newsletter", reasons: ["outside_region"], decidedBy: "location" };
  return { outcome: "newsletter", reasons: ["no_group_nearby"], decidedBy: "location" };
}

/** Steps whose answers matter for the outcome: everything up to and including the deciding one. */
export function relevantSteps(answers: Answers): QuestionStep[] {
  const failing = firstFailing(answers);
  if (!failing) return [...QUESTION_STEPS];
  return QUESTION_STEPS.slice(0, QUESTION_STEPS.indexOf(failing.step) + 1);
}
