/** "Who is PWCOP for", built from the same criteria the statechart routes with. */
import { HOPES } from "../machines/answers";
import { CRITERIA, type Criterion } from "../machines/criteria";
import { criteriaContent, wizardContent, type CriteriaContent } from "./content.server";

export interface WhoIsItForData {
  title: string;
  description: string;
  lead: string;
  forYouHeading: string;
  notForYouHeading: string;
  forYou: { id: string; text: string }[];
  notForYou: { id: string; text: string; next: { text: string; href: string } }[];
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
    motivesHeading: content.motivesHeading,
    motivesLead: content.motivesLead,
    motives: HOPES.map((h) => wizardContent.steps.hopes.options[h].label),
    cta: content.cta,
  };
}
