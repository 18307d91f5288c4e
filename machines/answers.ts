/**
 * The wizard's data contract: step ids, field names and their values.
 * Field names and values are stable (docs/rules.md, "The questions"): stored answers, URLs,
 * form fields and tests all speak this vocabulary.
 */

export const EXPERIENCE = ["none", "client_only", "workshops", "training_program"] as const;
export const PRACTICE = ["paid", "unpaid", "not_yet"] as const;
export const SUPERVISION = ["no", "yes"] as const;
export const HOPES = ["connection", "local_colleagues", "learn_share", "collaborate"] as const;
export const COUNTRY = ["AU", "NZ", "other"] as const;
export const FORMAT = ["in_person", "online", "either"] as const;
export const DISTANCE_KM = [10, 25, 50, 100] as const;

export type Experience = (typeof EXPERIENCE)[number];
export type Practice = (typeof PRACTICE)[number];
export type Supervision = (typeof SUPERVISION)[number];
export type Hope = (typeof HOPES)[number];
export type Country = (typeof COUNTRY)[number];
export type Format = (typeof FORMAT)[number];
export type DistanceKm = (typeof DISTANCE_KM)[number];

/** The question steps, in the order the wizard asks them. */
export const QUESTION_STEPS = ["experience", "practice", "supervision", "hopes", "location"] as const;
export type QuestionStep = (typeof QUESTION_STEPS)[number];

export interface LocationAnswer {
  country: Country;
  /** Postcode or suburb/town as typed (AU/NZ); free text, possibly empty, for `other`. */
  place: string;
  format: Format;
  /** Only asked when an in-person group is wanted in AU or NZ. */
  distanceKm?: DistanceKm;
}

export interface Answers extends Partial<LocationAnswer> {
  experience?: Experience;
  practice?: Practice;
  supervision?: Supervision;
  hopes?: Hope[];
}

/** A gazetteer place the server resolved the typed place to. */
export interface Area {
  id: string;
  name: string;
  region: string;
  country: "AU" | "NZ";
  postcode: string | null;
  lat: number;
  lon: number;
}

export const OUTCOMES = ["group", "training", "newsletter"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REASON_CODES = [
  "no_experience",
  "client_only",
  "seeking_supervision",
  "not_practising",
  "match",
  "group_full",
  "no_group_nearby",
  "outside_region",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
