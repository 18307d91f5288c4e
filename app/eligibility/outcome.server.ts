/**
 * The outcome page: a headline and first action of its own for each reason,
 * which answer led there (and a link to change exactly that answer), and the
 * groups the decision recorded, in its order. Nothing is matched again here:
 * the page lists what decided the outcome (machines/matching.ts).
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { Answers, Area, Outcome, QuestionStep, ReasonCode } from "../../machines/answers";
import type { EligibilityOutput } from "../../machines/eligibility";
import { acceptsOnline, fits, offersWaitingList, wantsInPerson, type ListedGroup } from "../../machines/matching";
import { areaLabel } from "../../machines/places";
import { getGroupBySlug } from "../../db/queries/groups";
import type { DB } from "../../db/client";
import { fill, wizardContent } from "../content.server";
import { listedGroups, toGroupCard, zoneForArea, type GroupCard } from "../groups/groups.server";
import { loadWizardSession, type WizardSnapshot } from "./session.server";
import { currentPath } from "./wizard.server";
import { changePath, WIZARD_BASE } from "./steps";

export const START_AGAIN_PATH = `${WIZARD_BASE}/start-again`;
export const joinPath = (slug: string) => `${WIZARD_BASE}/join/${slug}`;

/** A group on the outcome page: its card, how it suits, its page and its join form. */
export interface OutcomeGroup extends GroupCard {
  id: number;
  how: ListedGroup["how"];
  href: string;
  joinHref: string;
  /** Its button is the page's first action (a primary button). */
  primary: boolean;
}

export interface OutcomeSection {
  id: string;
  heading: string;
  groups: OutcomeGroup[];
}

export interface OutcomePageData {
  outcome: Outcome;
  reasons: ReasonCode[];
  /** PWCOP fits them (even when no group meets where they want one yet). */
  fits: boolean;
  headline: string;
  because: string;
  explain: string;
  next: string;
  change: { href: string; text: string };
  decidedBy: QuestionStep;
  /** Said first, when the answers were checked again under newer rules. */
  notice: string | null;
  /** Their waiting list comes first (fits, but nothing where they want one). */
  waitingList: boolean;
  /** The groups, in the decision's order, split into the page's sections. */
  sections: OutcomeSection[];
  /** The group they came to join, when the decision does not list it. */
  joinGroupNote: { text: string; href: string; linkText: string } | null;
  /** The person's area in words, for the newsletter sign-up. */
  areaText: string | null;
  startAgainHref: string;
  /** Every group listed had closed since: say so. */
  noneLeft: boolean;
}

/** The finished wizard's output for this visitor, if they have one. */
export async function finishedWizard(request: Request, context: LoaderFunctionArgs["context"]) {
  const session = await loadWizardSession(request, context);
  if (!session || session.snapshot.status !== "done" || !session.snapshot.output) return undefined;
  return { sessionId: session.id, output: session.snapshot.output as EligibilityOutput, snapshot: session.snapshot };
}

/** The place in words: the gazetteer area, or what someone abroad typed. */
export function placeText(answers: Answers, area: Area | null): string | null {
  if (area) return areaLabel(area);
  return answers.country === "other" && answers.place ? answers.place : null;
}

/** The headline for a decision: what the person reads first. */
export function headlineFor(output: EligibilityOutput, fullCount: number): string {
  const c = wizardContent.outcome;
  const reason = output.reasons[0]!;
  const { answers, area } = output;
  const place = placeText(answers, area);
  const vars = { place: place ?? "", distance: answers.distanceKm ? `${answers.distanceKm} km` : "" };
  if (reason === "group_full" && fullCount > 1) return c.headlineFullMany;
  if (reason === "no_group_nearby" && !wantsInPerson(answers)) return c.headlineNoOnline;
  if (reason === "outside_region") {
    if (acceptsOnline(answers)) return c.headlineNoOnline;
    if (!place) return c.headlineAbroadNoPlace;
  }
  return fill(c.headlines[reason], vars);
}

function cards(db: DB, output: EligibilityOutput): OutcomeGroup[] {
  const viewerZone = zoneForArea(output.area);
  return listedGroups(db, output.groups).map((g) => ({
    ...toGroupCard(g, viewerZone),
    id: g.id,
    how: g.how,
    href: `/groups/${g.slug}`,
    joinHref: joinPath(g.slug),
    primary: false,
  }));
}

/** The page's sections of groups, and which buttons are its first action. */
function sectionsFor(output: EligibilityOutput, groups: OutcomeGroup[]): OutcomeSection[] {
  const c = wizardContent.outcome;
  const reason = output.reasons[0];
  // Online groups shown to someone who asked only for in person are suggestions, apart from the groups that suit them.
  const offered = (g: OutcomeGroup) => g.how === "online" && !acceptsOnline(output.answers);
  if (reason === "match") {
    return [{ id: "groups-heading", heading: c.matchHeading, groups: groups.map((g) => ({ ...g, primary: g.status === "open" })) }];
  }
  if (reason === "group_full") {
    return [
      { id: "full-heading", heading: c.fullHeading, groups: groups.filter((g) => !offered(g)).map((g) => ({ ...g, primary: true })) },
      { id: "online-heading", heading: c.nearZoneHeading, groups: groups.filter(offered) },
    ].filter((s) => s.groups.length > 0);
  }
  if (offersWaitingList(output.reasons)) {
    return groups.length ? [{ id: "online-heading", heading: c.onlineOfferHeading, groups }] : [];
  }
  return [];
}

async function joinGroupNote(db: DB, snapshot: WizardSnapshot, output: EligibilityOutput): Promise<OutcomePageData["joinGroupNote"]> {
  const chosen = snapshot.context.joinGroup;
  if (!chosen || output.groups.some((g) => g.id === chosen.id)) return null;
  const group = getGroupBySlug(db, chosen.slug);
  if (!group || group.id !== chosen.id || group.status === "closed") return null;
  const c = wizardContent.outcome;
  return { text: fill(c.joinGroupNote, { group: group.name }), href: joinPath(group.slug), linkText: c.joinGroupLink };
}

export async function outcomeLoader({ request, context }: LoaderFunctionArgs): Promise<OutcomePageData> {
  const session = await loadWizardSession(request, context);
  if (!session) throw redirect(WIZARD_BASE, { status: 303 });
  if (session.snapshot.status !== "done" || !session.snapshot.output) throw redirect(currentPath(session.snapshot), { status: 303 });
  const output = session.snapshot.output as EligibilityOutput;
  const reason = output.reasons[0]!;
  const c = wizardContent.outcome;
  const copy = c.reasons[reason];
  const { answers, area } = output;
  const vars = { place: placeText(answers, area) ?? "", distance: answers.distanceKm ? `${answers.distanceKm} km` : "" };
  const groups = cards(context.db, output);
  const sections = sectionsFor(output, groups);
  const fullCount = sections.find((s) => s.id === "full-heading")?.groups.length ?? 0;
  const online = (reason === "no_group_nearby" || reason === "outside_region") && !wantsInPerson(answers) && acceptsOnline(answers);

  return {
    outcome: output.outcome,
    reasons: output.reasons,
    fits: fits(output.reasons),
    headline: headlineFor(output, fullCount),
    because: fill(online && copy.becauseOnline ? copy.becauseOnline : copy.because, vars),
    explain: fill(copy.explain, vars),
    next: fill(copy.next, vars),
    change: { href: changePath(output.decidedBy), text: c.changeAnswer[output.decidedBy] },
    decidedBy: output.decidedBy,
    notice: output.notice === "rechecked" ? c.rechecked : null,
    waitingList: offersWaitingList(output.reasons),
    sections,
    joinGroupNote: await joinGroupNote(context.db, session.snapshot, output),
    areaText: placeText(answers, area),
    startAgainHref: START_AGAIN_PATH,
    noneLeft: output.groups.length > 0 && groups.length === 0,
  };
}
