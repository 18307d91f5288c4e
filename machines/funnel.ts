/**
 * The wizard's funnel without trackers: which step-to-step move one answer
 * made, worked out from the statechart's snapshot before and after it. Pure:
 * the server counts the move (a day, a from step, a to step, +1) and stores
 * nothing about the person.
 *
 * A move is counted the first time a person goes forward into a step, so the
 * counts add up to people rather than clicks:
 *
 * - a new session's first answer is `start` → the step it leads to;
 * - forward moves only, from a question answered for the first time into a
 *   step not reached before (a question already answered, or check once every
 *   question is answered): the browser's Back button and answers changed from
 *   the check page are not counted;
 * - confirming on check is `check` → `outcome:<outcome>:<first reason>`;
 * - a change after the outcome starts a new run of the same answers: its
 *   moves are not counted, but confirming it again counts a second outcome.
 */
import { isAnswered, nextStep, type EligibilityContext, type EligibilityOutput } from "./eligibility";
import { isQuestionStep, PAGE_STEPS } from "./eligibility-pages";

/** Where a move can start or end: the start page, then the wizard's pages in the order it shows them. */
export const FUNNEL_STEPS = ["start", ...PAGE_STEPS] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The snapshot fields the funnel reads (an XState snapshot of the eligibility machine has them). */
export interface FunnelSnapshot {
  status: string;
  value: unknown;
  context: EligibilityContext;
  output?: EligibilityOutput | undefined;
}

export interface FunnelMove {
  from: FunnelStep;
  /** A step, or `outcome:<outcome>:<reason>`. */
  to: string;
}

export const outcomeStep = (output: Pick<EligibilityOutput, "outcome" | "reasons">) => `outcome:${output.outcome}:${output.reasons[0] ?? "none"}`;

/** `outcome:group:match` → { outcome: "group", reason: "match" }; anything else → null. */
export function parseOutcomeStep(step: string): { outcome: string; reason: string } | null {
  const m = /^outcome:([a-z_]+):([a-z_]+)$/.exec(step);
  return m ? { outcome: m[1]!, reason: m[2]! } : null;
}

const rank = (step: string): number => (step.startsWith("outcome:") ? FUNNEL_STEPS.length : FUNNEL_STEPS.indexOf(step as FunnelStep));

/** Every question the answers need has been answered: the person has been to check before. */
const wasComplete = (ctx: EligibilityContext) => nextStep({ ...ctx, returnTo: "check" }) === "check";

/** The move one answer made, or null when it is not counted. */
export function funnelMove(prev: FunnelSnapshot | null | undefined, next: FunnelSnapshot): FunnelMove | null {
  if (next.status === "done") {
    if (!prev || prev.status === "done" || !next.output) return null;
    return { from: "check", to: outcomeStep(next.output) };
  }
  if (next.status !== "active" || typeof next.value !== "string") return null;
  const to = next.value;
  if (rank(to) < 0) return null;
  if (!prev) return { from: "start", to };
  // A change after the outcome: a new run of answers already counted.
  if (prev.status !== "active" || typeof prev.value !== "string") return null;
  const from = prev.value;
  if (rank(from) < 0 || rank(to) <= rank(from)) return null;
  const ctx = prev.context;
  // Answering again a question answered before (the Back button): they have been further already.
  if (isQuestionStep(from) && isAnswered(ctx, from)) return null;
  if (from === "place" && isAnswered(ctx, "location")) return null;
  if (isQuestionStep(to) && isAnswered(ctx, to)) return null;
  if (to === "place" && isAnswered(ctx, "location")) return null;
  if (to === "check" && (ctx.returnTo === "check" || wasComplete(ctx))) return null;
  return { from: from as FunnelStep, to };
}
