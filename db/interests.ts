/**
 * What a newsletter subscriber can ask to hear about. Pure: the sign-up form's
 * schema (bundled for the browser) reads it too.
 */
export const INTERESTS = ["new_groups", "training_events", "convening"] as const;
export type Interest = (typeof INTERESTS)[number];
