/** The outcome page: which outcome, the reason in one sentence, and what to do next. */
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { Outcome, QuestionStep, ReasonCode } from "../../machines/answers";
import type { EligibilityOutput } from "../../machines/eligibility";
import { fill, wizardContent } from "../content.server";
import type { DB } from "../../db/client";
import { listOnlineGroups, type GroupWithDistance } from "../../db/queries/groups";
import { groupsFor, toGroupCard, zoneForArea, type GroupCard } from "../groups.server";
import { loadWizardSession } from "./session.server";
import { areaLabel, currentPath } from "./wizard.server";
import { changePath, WIZARD_BASE } from "./steps";

export interface OutcomePageData {
  outcome: Outcome;
  reasons: ReasonCode[];
  because: string;
  explain: string;
  next: string;
  changeHref: string;
  decidedBy: QuestionStep;
  nearby: GroupCard[];
  online: GroupCard[];
  /** The person's area in words, for the newsletter sign-up. */
  areaText: string | null;
}

/** The finished wizard's output for this visitor, if they have one. */
export async function finishedWizard(request: Request, context: LoaderFunctionArgs["context"]) {
  const session = await loadWizardSession(request, context);
  if (!session || session.snapshot.status !== "done" || !session.snapshot.output) return undefined;
  return { sessionId: session.id, output: session.snapshot.output as EligibilityOutput };
}

/**
 * The groups someone may ask to join: those that matched, and, for people
 * who fit but have nothing near (or live abroad), the online groups.
 */
export function offeredGroups(db: DB, output: EligibilityOutput): { nearby: GroupWithDistance[]; online: GroupWithDistance[] } {
  const reason = output.reasons[0];
  const fits = output.outcome === "group" || reason === "no_group_nearby" || reason === "outside_region";
  if (!fits) return { nearby: [], online: [] };
  const { answers, area } = output;
  const offerOnline = answers.format !== "in_person" || output.outcome === "newsletter";
  return {
    nearby: groupsFor(db, answers, area).nearby,
    online: offerOnline ? listOnlineGroups(db) : [],
  };
}

export async function outcomeLoader({ request, context }: LoaderFunctionArgs): Promise<OutcomePageData> {
  const session = await loadWizardSession(request, context);
  if (!session) throw redirect(WIZARD_BASE, { status: 303 });
  if (session.snapshot.status !== "done" || !session.snapshot.output) throw redirect(currentPath(session.snapshot), { status: 303 });
  const output = session.snapshot.output as EligibilityOutput;
  const reason = output.reasons[0];
  if (!reason) throw data(null, { status: 500 });
  const copy = wizardContent.outcome.reasons[reason];
  const { answers, area } = output;
  const placeText = area ? areaLabel(area) : answers.place || "your area";
  const vars = { place: placeText, distance: answers.distanceKm ? `${answers.distanceKm} km` : "" };

  const viewerZone = zoneForArea(area);
  const offered = offeredGroups(context.db, output);
  const nearby = offered.nearby.map((g) => toGroupCard(g, viewerZone));
  const online = offered.online.map((g) => toGroupCard(g, viewerZone));

  return {
    outcome: output.outcome,
    reasons: output.reasons,
    because: fill(copy.because, vars),
    explain: fill(copy.explain, vars),
    next: fill(copy.next, vars),
    changeHref: changePath(output.decidedBy),
    decidedBy: output.decidedBy,
    nearby,
    online,
    areaText: area ? areaLabel(area) : answers.country === "other" && answers.place ? answers.place : null,
  };
}
