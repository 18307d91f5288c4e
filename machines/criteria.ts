/**
 * Who PWCOP is for, defined once. The statechart routes with these
 * definitions and the "Who is PWCOP for" page lists them, so the two can
 * never disagree. Copy lives in content/criteria.json, keyed by criterion id
 * and reason code; nothing here is prose.
 */
import type { Answers, Area, Outcome, QuestionStep, ReasonCode } from "./answers";
import { QUESTION_STEPS } from "./answers";
import { matchLocation, type ListedGroup, type MatchFacts } from "./matching";

/**
 * Bump when a criterion, its order, the routing below or the matching rules
 * (machines/matching.ts) change in a way that could give someone a different
 * outcome or list: machines/rule-version.test.ts fails until you do, and
 * records the new table's fingerprint in machines/rule-versions.ts. Stored
 * with every decision and every saved wizard snapshot; a snapshot from an
 * older version is replayed from its answers (app/eligibility/upgrade.server.ts).
 */
export const RULE_VERSION = "2026-12.1";

export interface Criterion {
  /** Stable id; content/criteria.json has the copy for it. */
  id: string;
  /** The question that asks it (its content key in content/eligibility.json). */
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
  /** The groups this decision rests on, in the order the outcome page lists them (empty when PWCOP does not fit yet). */
  groups: ListedGroup[];
}

/**
 * The whole routing table (docs/rules.md): the earliest failing criterion
 * decides; for someone every criterion fits, the location rows of
 * machines/matching.ts. `facts` are the candidate groups the server found;
 * this stays pure.
 */
export function decide(answers: Answers, area: Area | null, facts: MatchFacts): Decision {
  const failing = firstFailing(answers);
  if (failing) return { outcome: failing.outcome, reasons: [failing.reason], decidedBy: failing.step, groups: [] };
  const located = matchLocation(answers, area, facts);
  return { outcome: located.outcome, reasons: [...located.reasons], decidedBy: "location", groups: located.groups };
}

/** Steps whose answers matter for the outcome: everything up to and including the deciding one. */
export function relevantSteps(answers: Answers): QuestionStep[] {
  const failing = firstFailing(answers);
  if (!failing) return [...QUESTION_STEPS];
  return QUESTION_STEPS.slice(0, QUESTION_STEPS.indexOf(failing.step) + 1);
}

/**
 * "Question N of M" for a question page: where `step` is among the questions
 * this person will be asked, given their other answers (the list ends at the
 * deciding question once an answer makes the outcome certain). The place
 * choice belongs to the location question.
 */
export function questionProgress(answers: Answers, step: QuestionStep): { number: number; total: number } | null {
  const others: Answers = { ...answers };
  if (step === "location") {
    delete others.country;
    delete others.format;
  } else {
    delete others[step];
  }
  const steps = relevantSteps(others);
  const i = steps.indexOf(step);
  return i < 0 ? null : { number: i + 1, total: steps.length };
}
