/**
 * The eligibility statechart. Pure and isomorphic: no I/O, no timers, no
 * invoked actors. Facts from the outside world (which gazetteer places match
 * what was typed, the candidate groups and time zones) arrive inside events,
 * found by the server before it sends them. The decision records the groups
 * it matched (machines/matching.ts), so the outcome page lists exactly them.
 *
 *   experience → practice → supervision → hopes → location (→ place) → check → group | training | newsletter
 *
 * As soon as an answer makes the outcome certain the wizard skips to `check`.
 * From `check`, `change` revisits one answer and comes back to `check`,
 * asking only questions that have become necessary. An answer already given
 * may be given again from any later step (the browser's Back button).
 *
 * Each page's state names where its Back link leads (`meta.back`); which page
 * may be shown, reopening a finished wizard to change an answer and the
 * hand-over to a join form are read from the chart by ./eligibility-pages.ts.
 */
import { assign, setup } from "xstate";
import type { Answers, Area, Country, DistanceKm, Experience, Format, Hope, Practice, QuestionStep, Supervision } from "./answers";
import { QUESTION_STEPS } from "./answers";
import { decide, firstFailing, relevantSteps, RULE_VERSION, type Decision } from "./criteria";
import type { ListedGroup, MatchFacts } from "./matching";

export type WizardStep = QuestionStep | "place" | "check";

/** The group someone came to join from its page: carried through the questions to its join form. */
export interface JoinGroup {
  id: number;
  slug: string;
}

/**
 * What to tell someone whose saved answers were made under an older
 * RULE_VERSION: `rechecked`, their answers were checked again under the
 * current rules; `answer_lost`, one answer could not be carried over and is
 * asked again (what they typed is shown filled in).
 */
export type Notice = "rechecked" | "answer_lost";
export const FINAL_STATES = ["group", "training", "newsletter"] as const;

export interface EligibilityContext {
  answers: Answers;
  /** The gazetteer area the typed place resolved to (AU/NZ only). */
  area: Area | null;
  /** Places to choose from when the typed place was ambiguous. */
  candidates: Area[];
  lastAnswered: QuestionStep | null;
  /** Set while changing an answer from the check page. */
  returnTo: "check" | null;
  decision: Decision | null;
  /** The RULE_VERSION this snapshot was made under. */
  ruleVersion: string;
  joinGroup: JoinGroup | null;
  notice: Notice | null;
  /** Answers from an older version that could not be replayed: shown filled in, never counted as given. */
  carried: Answers;
}

export type EligibilityEvent =
  | { type: "answer.experience"; experience: Experience }
  | { type: "answer.practice"; practice: Practice }
  | { type: "answer.supervision"; supervision: Supervision }
  | { type: "answer.hopes"; hopes: Hope[] }
  | {
      type: "answer.location";
      country: Country;
      place: string;
      format: Format;
      distanceKm?: DistanceKm;
      /** Gazetteer places matching `place`; empty for country `other`. */
      candidates: Area[];
    }
  | { type: "answer.place"; areaId: string }
  | { type: "change"; step: QuestionStep }
  | { type: "confirm"; facts: MatchFacts }
  | { type: "join.choose"; group: JoinGroup }
  /** After replaying answers saved under an older RULE_VERSION: what to tell the person, and answers to show filled in. */
  | { type: "notify"; notice: Notice; carried?: Answers };

export interface EligibilityOutput {
  outcome: Decision["outcome"];
  reasons: Decision["reasons"];
  decidedBy: QuestionStep;
  /** The groups the decision rests on, in the order the outcome page lists them. */
  groups: ListedGroup[];
  answers: Answers;
  area: Area | null;
  ruleVersion: string;
  notice: Notice | null;
}

export interface EligibilityInput {
  answers?: Answers;
  area?: Area | null;
  joinGroup?: JoinGroup | null;
}

type LocationEvent = Extract<EligibilityEvent, { type: "answer.location" }>;

function locationAnswer(e: LocationEvent): Answers {
  const wantsDistance = e.country !== "other" && e.format !== "online";
  return {
    country: e.country,
    place: e.place,
    format: e.format,
    distanceKm: wantsDistance ? e.distanceKm : undefined,
  };
}

/** The place needs no choosing: abroad, or exactly one gazetteer match. */
function locationIsKnown(e: LocationEvent): boolean {
  return e.country === "other" || e.candidates.length === 1;
}

/** A step counts as answered once its answer is complete (location: once the area is known). */
export function isAnswered(ctx: Pick<EligibilityContext, "answers" | "area">, step: QuestionStep): boolean {
  const a = ctx.answers;
  switch (step) {
    case "experience":
      return a.experience !== undefined;
    case "practice":
      return a.practice !== undefined;
    case "supervision":
      return a.supervision !== undefined;
    case "hopes":
      return a.hopes !== undefined;
    case "location":
      return a.country !== undefined && (a.country === "other" || ctx.area !== null);
  }
}

/** Where the wizard goes after an answer. */
export function nextStep(ctx: EligibilityContext): QuestionStep | "check" {
  if (firstFailing(ctx.answers)) return "check";
  if (ctx.returnTo === "check") {
    return QUESTION_STEPS.find((s) => !isAnswered(ctx, s)) ?? "check";
  }
  const after = ctx.lastAnswered ? QUESTION_STEPS.indexOf(ctx.lastAnswered) + 1 : 0;
  return QUESTION_STEPS[after] ?? "check";
}

/** The answers that matter for the outcome; later ones are not kept in the output. */
export function relevantAnswers(answers: Answers): Answers {
  const keep = relevantSteps(answers);
  const out: Answers = {};
  if (keep.includes("experience")) out.experience = answers.experience;
  if (keep.includes("practice")) out.practice = answers.practice;
  if (keep.includes("supervision")) out.supervision = answers.supervision;
  if (keep.includes("hopes")) out.hopes = answers.hopes;
  if (keep.includes("location")) {
    out.country = answers.country;
    out.place = answers.place;
    out.format = answers.format;
    if (answers.distanceKm !== undefined) out.distanceKm = answers.distanceKm;
  }
  return out;
}

/**
 * Where a page's Back link leads, in the chart's own terms: the page before it,
 * `start` (the start page) or, for check, the last question the answers need.
 * Read through machines/eligibility-pages.ts.
 */
export interface PageMeta {
  back: QuestionStep | "place" | "start" | "lastQuestion";
}

/** `change` from check, for one question: only one already answered and still relevant. */
const changeTo = (step: QuestionStep) => ({
  target: step,
  guard: { type: "mayChange" as const, params: { step } },
  actions: "startChange" as const,
});

const locationTransitions = [
  { guard: "placeIsAmbiguous" as const, target: "#eligibility.place", reenter: true, actions: "offerCandidates" as const },
  { guard: "placeIsKnown" as const, target: "#eligibility.routing", actions: "recordLocation" as const },
];

export const eligibilityMachine = setup({
  types: {
    context: {} as EligibilityContext,
    events: {} as EligibilityEvent,
    output: {} as EligibilityOutput,
    meta: {} as PageMeta,
    /** Resuming from earlier answers (e.g. changing an answer after seeing the outcome). */
    input: {} as EligibilityInput | undefined,
  },
  guards: {
    nextIs: ({ context }, params: { step: QuestionStep }) => nextStep(context) === params.step,
    answered: ({ context }, params: { step: QuestionStep }) => isAnswered(context, params.step),
    mayChange: ({ context, event }, params: { step: QuestionStep }) =>
      event.type === "change" &&
      event.step === params.step &&
      relevantSteps(context.answers).includes(params.step) &&
      isAnswered(context, params.step),
    placeIsAmbiguous: ({ event }) => event.type === "answer.location" && event.country !== "other" && event.candidates.length > 1,
    placeIsKnown: ({ event }) => event.type === "answer.location" && locationIsKnown(event),
    revisitsWithAmbiguousPlace: ({ context, event }) =>
      isAnswered(context, "location") && event.type === "answer.location" && event.country !== "other" && event.candidates.length > 1,
    revisitsWithKnownPlace: ({ context, event }) =>
      isAnswered(context, "location") && event.type === "answer.location" && locationIsKnown(event),
    isCandidate: ({ context, event }) =>
      event.type === "answer.place" && context.candidates.some((c) => c.id === event.areaId),
    resumesAtCheck: ({ context }) => Object.keys(context.answers).length > 0 && nextStep({ ...context, returnTo: "check" }) === "check",
    decides: ({ context, event }, params: { outcome: Decision["outcome"] }) =>
      event.type === "confirm" && decide(context.answers, context.area, event.facts).outcome === params.outcome,
  },
  actions: {
    recordExperience: assign(({ context, event }) =>
      event.type === "answer.experience"
        ? { answers: { ...context.answers, experience: event.experience }, lastAnswered: "experience" as const }
        : {},
    ),
    recordPractice: assign(({ context, event }) =>
      event.type === "answer.practice"
        ? { answers: { ...context.answers, practice: event.practice }, lastAnswered: "practice" as const }
        : {},
    ),
    recordSupervision: assign(({ context, event }) =>
      event.type === "answer.supervision"
        ? { answers: { ...context.answers, supervision: event.supervision }, lastAnswered: "supervision" as const }
        : {},
    ),
    recordHopes: assign(({ context, event }) =>
      event.type === "answer.hopes"
        ? { answers: { ...context.answers, hopes: [...new Set(event.hopes)] }, lastAnswered: "hopes" as const }
        : {},
    ),
    recordLocation: assign(({ context, event }) =>
      event.type === "answer.location"
        ? {
            answers: { ...context.answers, ...locationAnswer(event) },
            area: event.country === "other" ? null : (event.candidates[0] ?? null),
            candidates: [],
            lastAnswered: "location" as const,
          }
        : {},
    ),
    offerCandidates: assign(({ context, event }) =>
      event.type === "answer.location"
        ? { answers: { ...context.answers, ...locationAnswer(event) }, area: null, candidates: event.candidates }
        : {},
    ),
    recordPlace: assign(({ context, event }) =>
      event.type === "answer.place"
        ? {
            area: context.candidates.find((c) => c.id === event.areaId) ?? null,
            candidates: [],
            lastAnswered: "location" as const,
          }
        : {},
    ),
    startChange: assign({ returnTo: "check" as const, lastAnswered: null }),
    recordDecision: assign(({ context, event }) =>
      event.type === "confirm" ? { decision: decide(context.answers, context.area, event.facts), returnTo: null } : {},
    ),
    recordJoinGroup: assign(({ event }) => (event.type === "join.choose" ? { joinGroup: { id: event.group.id, slug: event.group.slug } } : {})),
    clearNotice: assign({ notice: null }),
    recordNotice: assign(({ context, event }) =>
      event.type === "notify" ? { notice: event.notice, carried: event.carried ?? context.carried } : {},
    ),
  },
}).createMachine({
  id: "eligibility",
  initial: "start",
  context: ({ input }) => ({
    answers: input?.answers ?? {},
    area: input?.area ?? null,
    candidates: [],
    lastAnswered: null,
    returnTo: null,
    decision: null,
    ruleVersion: RULE_VERSION,
    joinGroup: input?.joinGroup ?? null,
    notice: null,
    carried: {},
  }),
  output: ({ context }) => {
    // The machine only reaches a final state through `confirm`, which records the decision.
    const decision = context.decision!;
    return {
      outcome: decision.outcome,
      reasons: decision.reasons,
      decidedBy: decision.decidedBy,
      groups: decision.groups,
      answers: relevantAnswers(context.answers),
      area: relevantSteps(context.answers).includes("location") ? context.area : null,
      ruleVersion: context.ruleVersion,
      notice: context.notice,
    };
  },
  // Answering again a question already answered (the browser's Back button),
  // from any later step. The current step's own handler takes precedence.
  on: {
    // Coming to the questions from a group's "Ask to join": remembered, whatever the step.
    "join.choose": { actions: "recordJoinGroup" },
    notify: { actions: "recordNotice" },
    "answer.experience": {
      guard: { type: "answered", params: { step: "experience" } },
      target: ".routing",
      actions: "recordExperience",
    },
    "answer.practice": {
      guard: { type: "answered", params: { step: "practice" } },
      target: ".routing",
      actions: "recordPractice",
    },
    "answer.supervision": {
      guard: { type: "answered", params: { step: "supervision" } },
      target: ".routing",
      actions: "recordSupervision",
    },
    "answer.hopes": {
      guard: { type: "answered", params: { step: "hopes" } },
      target: ".routing",
      actions: "recordHopes",
    },
    "answer.location": [
      {
        guard: "revisitsWithAmbiguousPlace",
        target: ".place",
        actions: "offerCandidates",
      },
      {
        guard: "revisitsWithKnownPlace",
        target: ".routing",
        actions: "recordLocation",
      },
    ],
  },
  states: {
    /** Transient: a fresh wizard asks the first question; resumed complete answers go to check. */
    start: {
      always: [{ guard: "resumesAtCheck", target: "check" }, { target: "experience" }],
    },
    experience: {
      meta: { back: "start" },
      on: { "answer.experience": { target: "routing", actions: "recordExperience" } },
    },
    practice: {
      meta: { back: "experience" },
      on: { "answer.practice": { target: "routing", actions: "recordPractice" } },
    },
    supervision: {
      meta: { back: "practice" },
      on: { "answer.supervision": { target: "routing", actions: "recordSupervision" } },
    },
    hopes: {
      meta: { back: "supervision" },
      on: { "answer.hopes": { target: "routing", actions: "recordHopes" } },
    },
    location: {
      meta: { back: "hopes" },
      on: { "answer.location": locationTransitions },
    },
    /** Choosing among places with the same name. */
    place: {
      meta: { back: "location" },
      on: {
        "answer.place": { guard: "isCandidate", target: "routing", actions: "recordPlace" },
        "answer.location": locationTransitions,
      },
    },
    /**
     * Transient: the next step after an answer (nextStep): check as soon as the
     * outcome is certain; while changing from check, the first question not yet
     * answered; otherwise the question after the one just answered.
     */
    routing: {
      entry: "clearNotice",
      always: [
        { guard: { type: "nextIs", params: { step: "experience" } }, target: "experience" },
        { guard: { type: "nextIs", params: { step: "practice" } }, target: "practice" },
        { guard: { type: "nextIs", params: { step: "supervision" } }, target: "supervision" },
        { guard: { type: "nextIs", params: { step: "hopes" } }, target: "hopes" },
        { guard: { type: "nextIs", params: { step: "location" } }, target: "location" },
        { target: "check" },
      ],
    },
    check: {
      meta: { back: "lastQuestion" },
      on: {
        change: [changeTo("experience"), changeTo("practice"), changeTo("supervision"), changeTo("hopes"), changeTo("location")],
        confirm: [
          { guard: { type: "decides", params: { outcome: "group" } }, target: "group", actions: "recordDecision" },
          {
            guard: { type: "decides", params: { outcome: "training" } },
            target: "training",
            actions: "recordDecision",
          },
          {
            guard: { type: "decides", params: { outcome: "newsletter" } },
            target: "newsletter",
            actions: "recordDecision",
          },
        ],
      },
    },
    group: { type: "final" },
    training: { type: "final" },
    newsletter: { type: "final" },
  },
});
