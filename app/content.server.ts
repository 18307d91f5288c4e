/**
 * All copy comes from content/. Each file is validated once, when this
 * module loads, so a missing or misspelt key fails the build's tests and the
 * server's start, never a visitor's page.
 */
import * as z from "zod";
import { COUNTRY, DISTANCE_KM, EXPERIENCE, FORMAT, HOPES, PRACTICE, QUESTION_STEPS, REASON_CODES, SUPERVISION } from "../machines/answers";
import { CRITERIA } from "../machines/criteria";
import { LOCATION_RULES, NOT_SUITED, type LocationRuleId } from "../machines/matching";
import criteriaJson from "../content/criteria.json";
import wizardJson from "../content/eligibility.json";
import siteJson from "../content/site.json";

const text = z.string().min(1);
const option = z.object({ label: text, hint: text.optional() });
const options = <const T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), option);
const errors = <const T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), text);

const question = <const T extends readonly [string, ...string[]]>(keys: T) =>
  z.object({ title: text, hint: text, options: options(keys), errors: errors(["required"]), answerLabel: text });

export const WizardContentSchema = z.object({
  serviceName: text,
  start: z.object({
    title: text,
    description: text,
    lead: text,
    askedHeading: text,
    asked: z.array(text).min(1),
    time: text,
    privacyHeading: text,
    privacy: text,
    button: text,
  }),
  common: z.object({
    continue: text,
    back: text,
    errorSummaryTitle: text,
    errorTitlePrefix: text,
    progress: text,
    answerLost: text,
    optional: text,
    tooManySessions: text,
  }),
  steps: z.object({
    experience: question(EXPERIENCE),
    practice: question(PRACTICE),
    supervision: question(SUPERVISION),
    hopes: z.object({ title: text, hint: text, options: options(HOPES), errors: errors(["invalid"]), answerLabel: text, none: text }),
    location: z.object({
      title: text,
      hint: text,
      country: z.object({ legend: text, options: options(COUNTRY), errors: errors(["required"]) }),
      place: z.object({ label: text, hint: text, errors: errors(["required", "too_long", "unknown"]) }),
      format: z.object({ legend: text, options: options(FORMAT), errors: errors(["required"]) }),
      distanceKm: z.object({
        legend: text,
        hint: text,
        options: options(DISTANCE_KM.map(String) as ["10", "25", "50", "100"]),
        errors: errors(["required"]),
      }),
      answerLabels: z.object({ country: text, place: text, format: text, distanceKm: text }),
    }),
    place: z.object({ title: text, hint: text, errors: errors(["required"]), differentPlace: text }),
  }),
  check: z.object({
    title: text,
    description: text,
    change: text,
    confirmHeading: text,
    confirmText: text,
    button: text,
    notAsked: text,
  }),
  outcome: z.object({
    /** One headline per reason: what the person reads first. */
    headlines: z.record(z.enum(REASON_CODES), text),
    headlineFullMany: text,
    headlineAbroadNoPlace: text,
    headlineNoOnline: text,
    becauseLabel: text,
    /** The outcome's change link names the answer it changes. */
    changeAnswer: z.record(z.enum(QUESTION_STEPS), text),
    startAgain: text,
    matchHeading: text,
    fullHeading: text,
    nearZoneHeading: text,
    onlineOfferHeading: text,
    waitingListHeading: text,
    waitingListButton: text,
    askToJoin: text,
    joinWaitingList: text,
    inPerson: text,
    online: text,
    distance: text,
    fullNote: text,
    noneLeftNote: text,
    trainingLinkText: text,
    newsletterHeading: text,
    rechecked: text,
    joinGroupNote: text,
    joinGroupLink: text,
    reasons: z.record(z.enum(REASON_CODES), z.object({ because: text, becauseOnline: text.optional(), explain: text, next: text })),
  }),
  startAgain: z.object({ title: text, text, button: text, cancel: text }),
  join: z.object({
    title: text,
    description: text,
    lead: text,
    fullLead: text,
    name: z.object({ label: text, hint: text, errors: errors(["required", "too_long", "control", "bidi", "blank", "link"]) }),
    email: z.object({ label: text, hint: text, errors: errors(["required", "invalid", "too_long"]) }),
    note: z.object({ label: text, hint: text, errors: errors(["too_long", "control", "bidi"]) }),
    hopes: z.object({ legend: text, hint: text }),
    summaryHeading: text,
    summary: text,
    consent: z.object({ label: text, errors: errors(["required"]) }),
    button: text,
    notAvailable: text,
    start: z.object({ lead: text, fullLead: text, button: text, continueButton: text, notTaking: text, findGroup: text }),
    notSuited: z.object({
      title: text,
      why: z.record(z.enum([...NOT_SUITED, "too_far_abroad"]), text),
      changeLead: text,
      change: z.object({ format: text, distanceKm: text, formatAndDistance: text }),
      noChange: text,
      otherWays: text,
      seeResult: text,
      changeAnswers: text,
      findGroup: text,
      notFit: text,
      recheck: text,
      recheckButton: text,
    }),
  }),
  joinSent: z.object({
    title: text,
    panel: text,
    nextHeading: text,
    next: z.array(text).min(1),
    waitingList: text,
    privacy: text,
    backToGroups: text,
  }),
  /** The convenor's page behind the Accept / Meet first / Decline links in our email. */
  joinDecide: z.object({
    description: text,
    titles: z.record(z.enum(["accepted", "meet_first", "declined"]), text),
    lead: text,
    explain: z.record(z.enum(["accepted", "meet_first", "declined"]), text),
    message: z.object({ label: text, hint: text, errors: errors(["too_long", "control", "bidi"]) }),
    buttons: z.record(z.enum(["accepted", "meet_first", "declined"]), text),
    otherAnswer: text,
    done: z.object({ title: text, accepted: text, meet_first: text, declined: text }),
    invalid: z.object({ title: text, text }),
    expired: z.object({ title: text, text }),
    used: z.object({ title: text, text }),
    decisions: z.record(z.enum(["new", "accepted", "meet_first", "declined", "waiting_list", "withdrawn"]), text),
    seeAll: text,
  }),
  newsletter: z.object({
    title: text,
    description: text,
    lead: text,
    email: z.object({ label: text, errors: errors(["required", "invalid", "too_long"]) }),
    interests: z.object({
      legend: text,
      hint: text,
      options: options(["new_groups", "training_events", "convening"]),
      errors: errors(["required", "no_place"]),
    }),
    areaHeading: text,
    areaText: text,
    noArea: text,
    button: text,
    thanksTitle: text,
    thanksText: text,
    thanksHome: text,
  }),
});

const criterionCopy = z.object({
  forYou: text,
  notForYou: text,
  nextStep: z.object({ text, href: z.string().startsWith("/") }),
});

export const CriteriaContentSchema = z.object({
  title: text,
  description: text,
  lead: text,
  forYouHeading: text,
  notForYouHeading: text,
  motivesHeading: text,
  motivesLead: text,
  criteria: z.record(z.string(), criterionCopy),
  locationHeading: text,
  /** One sentence per rule in machines/matching.ts LOCATION_RULES, its numbers as {placeholders}. */
  locationRules: z.record(z.enum(LOCATION_RULES.map((r) => r.id) as [LocationRuleId, ...LocationRuleId[]]), text),
  cta: text,
});

export const SiteContentSchema = z.object({
  serviceName: text,
  organisation: text,
  skipLink: text,
  nav: z.array(z.object({ href: z.string().startsWith("/"), label: text })),
  footer: z.array(z.object({ href: z.string().startsWith("/"), label: text })),
  footerNote: text,
  demoNote: text,
  homeLink: text,
  badRequest: z.object({ title: text, text }),
  notFound: z.object({ title: text, text }),
  error: z.object({ title: text, text }),
});

export type WizardContent = z.infer<typeof WizardContentSchema>;
export type CriteriaContent = z.infer<typeof CriteriaContentSchema>;
export type SiteContent = z.infer<typeof SiteContentSchema>;

function validate<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`content/${name} is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export const wizardContent: WizardContent = validate("eligibility.json", WizardContentSchema, wizardJson);
export const criteriaContent: CriteriaContent = validate("criteria.json", CriteriaContentSchema, criteriaJson);
export const siteContent: SiteContent = validate("site.json", SiteContentSchema, siteJson);

// Every criterion the statechart uses must have its copy.
for (const c of CRITERIA) {
  if (!criteriaContent.criteria[c.id]) throw new Error(`content/criteria.json has no copy for criterion "${c.id}"`);
}

/** Fills `{name}` placeholders. Unknown placeholders are left visible, so a typo shows in review. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in vars ? String(vars[key]) : m));
}
