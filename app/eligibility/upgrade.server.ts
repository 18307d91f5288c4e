/**
 * Saved answers outlive rule changes. Every snapshot carries the RULE_VERSION
 * it was made under (machines/criteria.ts); one from an older version is not
 * trusted as it stands: its answers are replayed, question by question,
 * through today's statechart and gazetteer, and a finished one is decided
 * again with today's groups (the person is told, on the outcome page).
 * Where an answer cannot be carried over (a value no longer offered, a
 * place no longer found), the wizard stops at that question, says so plainly
 * and shows what they had typed, filled in.
 */
import { QUESTION_STEPS, type Answers, type Area, type QuestionStep } from "../../machines/answers";
import { RULE_VERSION } from "../../machines/criteria";
import type { JoinGroup } from "../../machines/eligibility";
import { nextSnapshot, startSnapshot, type WizardSnapshot } from "../../machines/eligibility-steps";
import type { DB } from "../../db/client";
import { getPlace } from "../../db/gazetteer";
import { matchFacts } from "../groups/groups.server";
import { buildEvent, valuesFor } from "./events.server";
import { STEP_SCHEMAS } from "./schemas";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The version a persisted snapshot was made under (none before versions were stored). */
export function versionOf(persisted: unknown): string | null {
  if (!isObject(persisted) || !isObject(persisted.context)) return null;
  return typeof persisted.context.ruleVersion === "string" ? persisted.context.ruleVersion : null;
}

export const isCurrent = (persisted: unknown): boolean => versionOf(persisted) === RULE_VERSION;

/** What an old snapshot says was answered: answers, the chosen area, the group they came to join, whether it was finished. */
function savedAnswers(persisted: unknown): { answers: Answers; area: Area | null; joinGroup: JoinGroup | null; done: boolean } | undefined {
  if (!isObject(persisted) || !isObject(persisted.context)) return undefined;
  const ctx = persisted.context;
  const answers = isObject(ctx.answers) ? (ctx.answers as Answers) : {};
  const area = isObject(ctx.area) && typeof ctx.area.id === "string" ? (ctx.area as unknown as Area) : null;
  const jg = ctx.joinGroup;
  const joinGroup = isObject(jg) && typeof jg.id === "number" && typeof jg.slug === "string" ? { id: jg.id, slug: jg.slug } : null;
  return { answers, area, joinGroup, done: persisted.status === "done" };
}

/** Answers from `step` on (what was typed), kept to be shown filled in. */
function from(step: QuestionStep, answers: Answers): Answers {
  const out: Answers = {};
  for (const s of QUESTION_STEPS.slice(QUESTION_STEPS.indexOf(step))) Object.assign(out, pick(s, answers));
  return out;
}

function pick(step: QuestionStep, a: Answers): Answers {
  switch (step) {
    case "location":
      return { country: a.country, place: a.place, format: a.format, distanceKm: a.distanceKm };
    default:
      return { [step]: a[step] } as Answers;
  }
}

/**
 * Replays an older snapshot's answers through today's rules. Returns the new
 * snapshot (at the first question that still needs an answer, at check, or,
 * for a finished one, decided again), or undefined when nothing can be read.
 */
export function replaySnapshot(db: DB, persisted: unknown, now = new Date()): WizardSnapshot | undefined {
  const saved = savedAnswers(persisted);
  if (!saved) return undefined;
  const { answers, done } = saved;
  // The area as the gazetteer has it today (it may have been rebuilt).
  const area = saved.area ? (getPlace(db, saved.area.id) ?? null) : null;
  let s = startSnapshot();
  if (saved.joinGroup) s = nextSnapshot(s, { type: "join.choose", group: saved.joinGroup }) ?? s;

  const lost = (step: QuestionStep) => nextSnapshot(s, { type: "notify", notice: "answer_lost", carried: from(step, answers) }) ?? s;

  for (let guard = 0; guard < 10 && s.status !== "done"; guard++) {
    const at = String(s.value);
    if (at === "check") {
      if (done) {
        s = nextSnapshot(s, { type: "notify", notice: "rechecked" }) ?? s;
        s = nextSnapshot(s, { type: "confirm", facts: matchFacts(db, s.context.area, now) }) ?? s;
      }
      break;
    }
    if (at === "place") {
      // Several places share the name: the one chosen before, if it is still there; otherwise they choose.
      const id = area?.id;
      const chosen = id && s.context.candidates.some((c) => c.id === id) ? nextSnapshot(s, { type: "answer.place", areaId: id }) : undefined;
      if (!chosen) break;
      s = chosen;
      continue;
    }
    const step = at as QuestionStep;
    const raw = valuesFor(step, answers);
    // Never answered: they carry on from here, as they would have.
    if (step === "hopes" ? answers.hopes === undefined : Object.keys(raw).length === 0) break;
    const parsed = STEP_SCHEMAS[step].safeParse(raw);
    if (!parsed.success) {
      s = lost(step);
      break;
    }
    const built = buildEvent(step, parsed.data, db, area);
    const next = "event" in built ? nextSnapshot(s, built.event) : undefined;
    if (!next) {
      s = lost(step);
      break;
    }
    s = next;
  }
  return s;
}
