/**
 * Pure steps through the eligibility statechart (./eligibility.ts): its first
 * snapshot and the snapshot after an event. The wizard's session
 * (app/eligibility/session.server.ts) and the replay of answers saved under older
 * rules (app/eligibility/upgrade.server.ts) both take these steps.
 */
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import { eligibilityMachine, type EligibilityEvent, type EligibilityInput } from "./eligibility";

export type WizardSnapshot = SnapshotFrom<typeof eligibilityMachine>;

/** A new wizard's first snapshot, optionally resuming from earlier answers (changing an answer after the outcome). */
export function startSnapshot(input?: EligibilityInput): WizardSnapshot {
  return initialTransition(eligibilityMachine, input ?? {})[0];
}

/**
 * The snapshot after `event`, or undefined if the statechart cannot take it
 * now. A pure step: the machine's actions only assign, so nothing is left to run.
 */
export function nextSnapshot(snapshot: WizardSnapshot, event: EligibilityEvent): WizardSnapshot | undefined {
  return snapshot.can(event) ? transition(eligibilityMachine, snapshot, event)[0] : undefined;
}
