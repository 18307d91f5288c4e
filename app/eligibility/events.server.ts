/**
 * Between the wizard's forms and the statechart: the form values a page shows
 * for stored answers, and the event a valid form becomes (with the gazetteer
 * places that match what was typed). Used by the step pages and by replaying
 * answers saved under an older RULE_VERSION.
 */
import type { Answers, Area, DistanceKm, QuestionStep } from "../../machines/answers";
import type { EligibilityEvent, WizardStep } from "../../machines/eligibility";
import type { DB } from "../../db/client";
import { findPlaces } from "../../db/gazetteer";
import type { RawForm } from "../forms/form-data.server";
import type { StepValues } from "./schemas";

const MAX_CANDIDATES = 20;

/** Form values as the page's fields expect them (strings; arrays for checkboxes). */
export function valuesFor(step: QuestionStep, a: Answers): RawForm {
  switch (step) {
    case "experience":
      return a.experience ? { experience: a.experience } : {};
    case "practice":
      return a.practice ? { practice: a.practice } : {};
    case "supervision":
      return a.supervision ? { supervision: a.supervision } : {};
    case "hopes":
      return { hopes: a.hopes ?? [] };
    case "location": {
      const v: RawForm = {};
      if (a.country) v.country = a.country;
      if (a.place !== undefined) v.place = a.place;
      if (a.format) v.format = a.format;
      if (a.distanceKm !== undefined) v.distanceKm = String(a.distanceKm);
      return v;
    }
  }
}

export type Built = { event: EligibilityEvent } | { errors: Record<string, string> };

/**
 * The event for a step's valid form. `known`: an area already chosen for this
 * place; when the gazetteer still has it among the matches, it is the only
 * candidate (replaying saved answers asks nothing again).
 */
export function buildEvent(step: Exclude<WizardStep, "check">, v: StepValues<typeof step>, db: DB, known?: Area | null): Built {
  switch (step) {
    case "experience":
      return { event: { type: "answer.experience", experience: (v as StepValues<"experience">).experience } };
    case "practice":
      return { event: { type: "answer.practice", practice: (v as StepValues<"practice">).practice } };
    case "supervision":
      return { event: { type: "answer.supervision", supervision: (v as StepValues<"supervision">).supervision } };
    case "hopes":
      return { event: { type: "answer.hopes", hopes: (v as StepValues<"hopes">).hopes } };
    case "place":
      return { event: { type: "answer.place", areaId: (v as StepValues<"place">).areaId } };
    case "location": {
      const l = v as StepValues<"location">;
      const distanceKm = l.distanceKm === undefined ? undefined : (Number(l.distanceKm) as DistanceKm);
      if (l.country === "other") {
        return { event: { type: "answer.location", country: "other", place: l.place, format: l.format, candidates: [] } };
      }
      let candidates = findPlaces(db, l.country, l.place, MAX_CANDIDATES);
      if (candidates.length === 0) return { errors: { place: "unknown" } };
      const same = known ? candidates.find((c) => c.id === known.id) : undefined;
      if (same) candidates = [same];
      return {
        event: { type: "answer.location", country: l.country, place: l.place, format: l.format, distanceKm, candidates },
      };
    }
  }
}
