/**
 * "Ask to join" from anywhere: a group's page links to its join page, whoever
 * follows it. The page is the join form only when the person's decided
 * answers list that group (the outcome's record, machines/matching.ts).
 * Otherwise it says what comes first, never a dead end:
 * - no answers yet (or not finished): a button that remembers the group and
 *   starts (or continues) the questions; once the answers fit, they land back here;
 * - answers that do not fit PWCOP yet: why, with their result and the answer to change;
 * - answers that fit, but not this group: why (the matching rule), and a
 *   one-click change of the one answer that would make it suit, after which
 *   the answers are decided again and, if it suits, the form follows;
 * - a group that opened after they saw their result and suits them now: a
 *   button to check their answers against today's groups.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Answers, Area, QuestionStep } from "../../machines/answers";
import type { EligibilityOutput, JoinGroup } from "../../machines/eligibility";
import { fits, suitability, type AnswerChange, type Suitability } from "../../machines/matching";
import type { DB } from "../../db/client";
import { getGroupBySlug, type Group, type GroupWithDistance } from "../../db/queries/groups";
import { fill, wizardContent } from "../content.server";
import { listedGroups, matchFacts, toCandidate, toGroupCard } from "../groups/groups.server";
import { groupsContent, regionName } from "../groups/content.server";
import { finishedWizard, placeText } from "../eligibility/outcome.server";
import { loadWizardSession, nextSnapshot, persistWizard, startSnapshot, type WizardSnapshot } from "../eligibility/session.server";
import { changePath, OUTCOME_PATH, WIZARD_BASE } from "../eligibility/steps";
import { afterOutcome, currentPath } from "../eligibility/wizard.server";
import { countFunnelStep } from "../eligibility/funnel-count.server";

const SLUG = /^[a-z0-9-]{1,80}$/;
const NO_STORE = { "Cache-Control": "no-store" };
export const JOIN_INTENTS = ["start", "recheck", "change"] as const;
export type JoinIntent = (typeof JOIN_INTENTS)[number];

export const joinPath = (slug: string) => `${WIZARD_BASE}/join/${slug}`;

/** The group behind a join page: unknown and closed groups are a 404 (closed ones say they no longer meet). */
export function joinableGroup(db: DB, slug: string | undefined): Group {
  const group = slug && SLUG.test(slug) ? getGroupBySlug(db, slug) : undefined;
  if (!group) throw data(null, { status: 404 });
  if (group.status === "closed") throw data({ message: groupsContent.group.closed }, { status: 404 });
  return group;
}

export type JoinState =
  | { kind: "form"; sessionId: string; output: EligibilityOutput; group: GroupWithDistance }
  | { kind: "start"; group: Group; resume: boolean }
  | { kind: "not_taking"; group: Group }
  | { kind: "not_fit"; group: Group; output: EligibilityOutput }
  | { kind: "not_suited"; group: Group; output: EligibilityOutput; suit: Extract<Suitability, { suits: false }> }
  | { kind: "recheck"; group: Group; output: EligibilityOutput };

/** Where this person stands with this group. */
export async function joinState(args: LoaderFunctionArgs): Promise<JoinState> {
  const { db } = args.context;
  const group = joinableGroup(db, args.params.slug);
  const done = await finishedWizard(args.request, args.context);
  if (!done) {
    if (group.status === "forming") return { kind: "not_taking", group };
    const session = await loadWizardSession(args.request, args.context);
    return { kind: "start", group, resume: Boolean(session && Object.keys(session.snapshot.context.answers).length > 0) };
  }
  const { output, sessionId } = done;
  if (!fits(output.reasons)) return { kind: "not_fit", group, output };
  const listed = listedGroups(db, output.groups).find((g) => g.id === group.id);
  if (listed) return { kind: "form", sessionId, output, group: listed };
  const suit = suitability(output.answers, output.area, toCandidate(group, new Date()));
  if (suit.suits) return { kind: "recheck", group, output };
  return { kind: "not_suited", group, output, suit };
}

/** The change as the button says it. */
function changeLabel(change: AnswerChange): string {
  const c = wizardContent.join.notSuited.change;
  const distance = change.distanceKm ? `${change.distanceKm} km` : "";
  if (change.format && change.distanceKm) return fill(c.formatAndDistance, { distance });
  if (change.distanceKm) return fill(c.distanceKm, { distance });
  return c.format;
}

function groupArea(g: Group): string {
  return `${g.suburb}, ${regionName(g.region)}`;
}

function whyText(group: Group, answers: Answers, area: Area | null, suit: Extract<Suitability, { suits: false }>): string {
  const why = wizardContent.join.notSuited.why;
  const vars = {
    group: group.name,
    km: suit.km === null ? "" : String(Math.round(suit.km)),
    place: placeText(answers, area) ?? "",
    distance: answers.distanceKm ? `${answers.distanceKm} km` : "",
    groupArea: groupArea(group),
  };
  if (suit.why === "too_far" && answers.country === "other") return fill(why.too_far_abroad, vars);
  return fill(why[suit.why], vars);
}

/** Everything a join page shows, for each state. */
export function joinPageData(state: Exclude<JoinState, { kind: "form" }>) {
  const { group } = state;
  const j = wizardContent.join;
  const vars = { group: group.name, convenor: group.convenorFirstName };
  const card = toGroupCard({ ...group, distanceKm: null }, null);
  const title = fill(j.title, vars);
  const links = {
    result: { href: OUTCOME_PATH, text: j.notSuited.seeResult },
    changeLocation: { href: changePath("location"), text: j.notSuited.changeAnswers },
    findGroup: { href: "/groups", text: j.notSuited.findGroup },
  };
  switch (state.kind) {
    case "start":
      return {
        kind: state.kind,
        title,
        lead: group.status === "full" ? j.start.fullLead : j.start.lead,
        group: card,
        button: { intent: "start" as const, label: state.resume ? j.start.continueButton : j.start.button, fields: {} },
        links: [],
      };
    case "not_taking":
      return { kind: state.kind, title, lead: fill(j.start.notTaking, vars), group: card, button: null, links: [{ href: `/groups/${group.slug}`, text: group.name }, links.findGroup] };
    case "not_fit": {
      const step: QuestionStep = state.output.decidedBy;
      return {
        kind: state.kind,
        title,
        lead: j.notSuited.notFit,
        group: card,
        button: null,
        links: [links.result, { href: changePath(step), text: wizardContent.outcome.changeAnswer[step] }],
      };
    }
    case "recheck":
      return {
        kind: state.kind,
        title,
        lead: fill(j.notSuited.recheck, vars),
        group: card,
        button: { intent: "recheck" as const, label: fill(j.notSuited.recheckButton, vars), fields: {} },
        links: [links.result],
      };
    case "not_suited": {
      const { output, suit } = state;
      return {
        kind: state.kind,
        title: fill(j.notSuited.title, vars),
        lead: whyText(group, output.answers, output.area, suit),
        group: card,
        changeLead: suit.change ? j.notSuited.changeLead : j.notSuited.noChange,
        button: suit.change ? { intent: "change" as const, label: changeLabel(suit.change), fields: {} } : null,
        otherWays: j.notSuited.otherWays,
        links: [links.result, links.changeLocation, links.findGroup],
      };
    }
  }
}
export type JoinPageData = ReturnType<typeof joinPageData>;

const redirectTo = (path: string, setCookie?: string) =>
  redirect(path, { status: 303, headers: setCookie ? { "Set-Cookie": setCookie, ...NO_STORE } : NO_STORE });

/** The location answer with one change applied, as the event the statechart takes. */
function changedLocation(answers: Answers, area: Area | null, change: AnswerChange) {
  const format = change.format ?? answers.format!;
  const country = answers.country!;
  const wantsDistance = country !== "other" && format !== "online";
  return {
    type: "answer.location" as const,
    country,
    place: answers.place ?? "",
    format,
    distanceKm: wantsDistance ? (change.distanceKm ?? answers.distanceKm) : undefined,
    candidates: country === "other" || !area ? [] : [area],
  };
}

/** Decides the answers again with today's groups (and, for `change`, the one change that makes this group suit). */
function decideAgain(db: DB, output: EligibilityOutput, group: JoinGroup, change: AnswerChange | null): { atCheck: WizardSnapshot; next: WizardSnapshot } | undefined {
  let s: WizardSnapshot | undefined = startSnapshot({ answers: output.answers, area: output.area, joinGroup: group });
  if (!s.matches("check")) return undefined;
  if (change) {
    s = nextSnapshot(s, { type: "change", step: "location" });
    s = s && nextSnapshot(s, changedLocation(output.answers, output.area, change));
  }
  if (!s || !s.matches("check")) return undefined;
  const next = nextSnapshot(s, { type: "confirm", facts: matchFacts(db, s.context.area) });
  return next ? { atCheck: s, next } : undefined;
}

/** POST /eligibility/join/:slug with an `intent`: start the questions for this group, check again, or change one answer. */
export async function joinIntentAction(args: ActionFunctionArgs, intent: JoinIntent): Promise<never> {
  const { db } = args.context;
  const group = joinableGroup(db, args.params.slug);
  const chosen: JoinGroup = { id: group.id, slug: group.slug };
  const here = joinPath(group.slug);
  const session = await loadWizardSession(args.request, args.context);

  if (intent === "start") {
    if (session?.snapshot.status === "done" || group.status === "forming") throw redirectTo(here);
    const next = nextSnapshot(session?.snapshot ?? startSnapshot(), { type: "join.choose", group: chosen });
    if (!next) throw redirectTo(here);
    const { setCookie } = await persistWizard(args.context, next, session?.id);
    args.context.logger.info("join from a group page", { group: group.slug, resumed: Boolean(session) });
    throw redirectTo(currentPath(next), setCookie);
  }

  const done = await finishedWizard(args.request, args.context);
  if (!done || !fits(done.output.reasons)) throw redirectTo(here);
  let change: AnswerChange | null = null;
  if (intent === "change") {
    // The change is worked out here again, from the stored answers: nothing in the form decides it.
    const suit = suitability(done.output.answers, done.output.area, toCandidate(group, new Date()));
    if (suit.suits || !suit.change) throw redirectTo(here);
    change = suit.change;
  }
  const decided = decideAgain(db, done.output, chosen, change);
  if (!decided) throw redirectTo(here);
  const { next } = decided;
  const { setCookie } = await persistWizard(args.context, next, done.sessionId);
  // Confirming again counts a second outcome, as a change made from the outcome page does.
  countFunnelStep(db, decided.atCheck, next);
  args.context.logger.info("join: answers decided again", { group: group.slug, intent, reasons: (next.output as EligibilityOutput | undefined)?.reasons });
  throw redirectTo(afterOutcome(next), setCookie);
}
