import { QUESTION_STEPS, type QuestionStep } from "../../machines/answers";
import type { WizardStep } from "../../machines/eligibility";

export const WIZARD_BASE = "/eligibility";
export const PAGE_STEPS = [...QUESTION_STEPS, "place", "check"] as const satisfies readonly WizardStep[];

export function isPageStep(step: string | undefined): step is WizardStep {
  return (PAGE_STEPS as readonly string[]).includes(step ?? "");
}

export function isQuestionStep(step: string | undefined): step is QuestionStep {
  return (QUESTION_STEPS as readonly string[]).includes(step ?? "");
}

export const stepPath = (step: WizardStep) => `${WIZARD_BASE}/${step}`;
export const OUTCOME_PATH = `${WIZARD_BASE}/outcome`;
export const changePath = (step: QuestionStep) => `${stepPath(step)}?change=check`;
