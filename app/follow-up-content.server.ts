/**
 * Copy for the pages behind our emails (newsletter confirmation and
 * unsubscribe, the waiting list, "email me a link to continue", "remind me to
 * check again"): content/follow-up.json, validated once when this module loads.
 */
import * as z from "zod";
import followUpJson from "../content/follow-up.json";
import { RECHECK_MONTHS } from "../db/queries/recheck";

const text = z.string().min(1);
const titled = z.object({ title: text, text });
const emailErrors = z.record(z.enum(["required", "invalid", "too_long"]), text);

export const FollowUpContentSchema = z.object({
  links: z.object({ invalid: titled, used: titled, expired: titled }),
  newsletter: z.object({
    confirm: z.object({
      title: text,
      text,
      button: text,
      doneTitle: text,
      doneText: text,
      usedNext: text,
      expiredNext: text,
      signUpAgain: text,
    }),
    unsubscribe: z.object({ title: text, text, button: text, doneTitle: text, doneText: text, invalidNext: text }),
    waitingList: z.object({ inPerson: text, inPersonOrOnline: text, online: text }),
  }),
  saveForLater: z.object({
    link: text,
    title: text,
    lead: text,
    validity: text,
    privacy: text,
    email: z.object({ label: text, errors: emailErrors }),
    button: text,
    sentTitle: text,
    sentText: text,
    backToQuestions: text,
    resumeTitle: text,
    resumeText: text,
    resumeButton: text,
    resumeNext: text,
    startAgain: text,
  }),
  recheck: z.object({
    heading: text,
    lead: text,
    email: z.object({ label: text, errors: emailErrors }),
    months: z.object({
      legend: text,
      options: z.record(z.enum(RECHECK_MONTHS.map(String) as ["3", "6", "12"]), z.object({ label: text })),
      errors: z.record(z.enum(["required"]), text),
    }),
    privacy: text,
    button: text,
    notAvailable: text,
    setTitle: text,
    setText: text,
    backToResult: text,
    cancel: z.object({
      title: text,
      text,
      button: text,
      doneTitle: text,
      doneText: text,
      sentText: text,
      invalidNext: text,
    }),
  }),
});

export type FollowUpContent = z.infer<typeof FollowUpContentSchema>;

export const followUpContent: FollowUpContent = (() => {
  const r = FollowUpContentSchema.safeParse(followUpJson);
  if (!r.success) throw new Error(`content/follow-up.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
})();

export type LinkProblem = "invalid" | "used" | "expired";
