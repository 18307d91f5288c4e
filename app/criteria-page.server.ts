/** "Who is PWCOP for", built from the same criteria the statechart routes with. */
import { HOPES } from "../machines/answers";
import { CRITERIA, type Criterion } from "../machines/criteria";
import { LOCATION_RULES } from "../machines/matching";
import { criteriaContent, fill, wizardContent, type CriteriaContent } from "./content.server";

/** "10, 25, 50 or 100" */
const orList = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

export interface WhoIsItForData {
  title: string;
  description: string;
  lead: string;
  forYouHeading: string;
  notForYouHeading: string;
  forYou: { id: string; text: string }[];
  notForYou: { id: string; text: string; next: { text: string; href: string } }[];
  locationHeading: string;
  /** The location rules, from machines/matching.ts with their numbers. */
  locationRules: { id: string; text: string }[];
  motivesHeading: string;
  motivesLead: string;
  motives: string[];
  cta: string;
}

export function whoIsItFor(criteria: readonly Criterion[] = CRITERIA, content: CriteriaContent = criteriaContent): WhoIsItForData {
  const copyFor = (c: Criterion) => {
    const copy = content.criteria[c.id];
    if (!copy) throw new Error(`No copy for criterion "${c.id}" in content/criteria.json`);
    return copy;
  };
  return {
    title: content.title,
    description: content.description,
    lead: content.lead,
    forYouHeading: content.forYouHeading,
    notForYouHeading: content.notForYouHeading,
    forYou: criteria.map((c) => ({ id: c.id, text: copyFor(c).forYou })),
    notForYou: criteria.map((c) => ({ id: c.id, text: copyFor(c).notForYou, next: copyFor(c).nextStep })),
    locationHeading: content.locationHeading,
    locationRules: LOCATION_RULES.map((r) => ({
      id: r.id,
      text: fill(
        content.locationRules[r.id],
        Object.fromEntries(Object.entries(r.vars).map(([k, v]) => [k, Array.isArray(v) ? orList(v) : String(v)])),
      ),
    })),
    motivesHeading: content.motivesHeading,
    motivesLead: content.motivesLead,
    motives: HOPES.map((h) => wizardContent.steps.hopes.options[h].label),
    cta: content.cta,
  };
}
