/**
 * Matching, defined once (docs/rules.md): which groups suit a set of answers,
 * in what order the outcome page lists them, who goes on the waiting list,
 * and, for a group that does not suit, why and which one answer would change
 * that. Pure and isomorphic: the server supplies the candidate groups (and the
 * time zones' offsets at the moment of confirming) inside the `confirm` event;
 * nothing here reads a database or a clock.
 *
 * The statechart decides with `matchLocation`, the outcome page lists exactly
 * the groups that decision recorded, the join form accepts only those, and
 * the "Who PWCOP is for" page states LOCATION_RULES with their parameters.
 */
import { DISTANCE_KM, type Answers, type Area, type DistanceKm, type Format, type ReasonCode } from "./answers";
import { greatCircleKm } from "./places";

export const GROUP_FORMATS = ["in_person", "online", "hybrid"] as const;
export const GROUP_STATUSES = ["forming", "open", "full", "closed"] as const;
export type GroupFormat = (typeof GROUP_FORMATS)[number];
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** The formats that meet in person, and those that meet online: a hybrid group does both. */
export const IN_PERSON_FORMATS = ["in_person", "hybrid"] as const satisfies readonly GroupFormat[];
export const ONLINE_FORMATS = ["online", "hybrid"] as const satisfies readonly GroupFormat[];

/** A new group's places, unless staff say otherwise. */
export const DEFAULT_CAPACITY = 12;

/** Open first, then full (a waiting list), then forming; closed ones are never listed, but last. */
export const GROUP_STATUS_ORDER: Readonly<Record<GroupStatus, number>> = { open: 0, full: 1, forming: 2, closed: 3 };
/** Sorts groups open before full before forming (closed last); ties stay for the caller's next key. */
export const byGroupStatus = (a: { status: GroupStatus }, b: { status: GroupStatus }): number => GROUP_STATUS_ORDER[a.status] - GROUP_STATUS_ORDER[b.status];

/** Groups the public sees (Find a group, group pages, demand): every status but closed. */
export const PUBLIC_STATUSES = ["open", "full", "forming"] as const satisfies readonly GroupStatus[];
/** A group that has stopped meeting: never listed, never asked about. */
export const CLOSED_STATUS = "closed" satisfies GroupStatus;

/** Groups that can be matched: open ones, and full ones (with their waiting list). Forming and closed groups never are. */
export const MATCHED_STATUSES = ["open", "full"] as const satisfies readonly GroupStatus[];
export type MatchedStatus = (typeof MATCHED_STATUSES)[number];

/** "A time zone near theirs": at most this many hours apart, now. */
export const NEAR_ZONE_HOURS = 3;

/** The farthest anyone can choose to travel: the largest distance the wizard offers. */
export const MAX_TRAVEL_KM: DistanceKm = DISTANCE_KM[DISTANCE_KM.length - 1]!;

/** A group as matching sees it. The server supplies these with `confirm`. */
export interface CandidateGroup {
  id: number;
  slug: string;
  name: string;
  format: GroupFormat;
  status: GroupStatus;
  /** Suburb-level point; null for groups that meet only online. */
  lat: number | null;
  lon: number | null;
  /** The group's time zone's offset from UTC when the answers are confirmed, in minutes. */
  utcOffsetMinutes: number;
}

/** What the server found when the person confirmed their answers. */
export interface MatchFacts {
  /** Every group that might suit: at least those meeting in person within MAX_TRAVEL_KM of the area, and every group meeting online. */
  groups: CandidateGroup[];
  /** The person's offset from UTC (from their area's time zone), in minutes; null when not known (abroad). */
  viewerUtcOffsetMinutes: number | null;
}

/** One group the decision recorded, in the order the outcome page lists it. */
export interface ListedGroup {
  id: number;
  slug: string;
  /** In person within their distance, or online. */
  how: "in_person" | "online";
  /** km from their area, for in person. */
  km: number | null;
  status: MatchedStatus;
}

/** The location rows of the routing table, after the criteria. */
export interface LocationDecision {
  outcome: "group" | "newsletter";
  reasons: [Extract<ReasonCode, "match" | "group_full" | "no_group_nearby" | "outside_region">];
  groups: ListedGroup[];
}

type LocationAnswers = Pick<Answers, "country" | "format" | "distanceKm">;

/** Wants to meet in person somewhere in Australia or New Zealand. */
export function wantsInPerson(a: Pick<Answers, "country" | "format">): boolean {
  return a.country !== undefined && a.country !== "other" && (a.format === "in_person" || a.format === "either");
}

/** Would meet online (wherever they live). */
export function acceptsOnline(a: Pick<Answers, "format">): boolean {
  return a.format === "online" || a.format === "either";
}

export const meetsInPerson = (g: Pick<CandidateGroup, "format">): boolean => (IN_PERSON_FORMATS as readonly GroupFormat[]).includes(g.format);
export const meetsOnline = (g: Pick<CandidateGroup, "format">): boolean => (ONLINE_FORMATS as readonly GroupFormat[]).includes(g.format);
export const isMatched = (g: Pick<CandidateGroup, "status">): g is { status: MatchedStatus } =>
  (MATCHED_STATUSES as readonly string[]).includes(g.status);

/** km between the person's area and a group that meets in person; null when either point is unknown. */
export function kmTo(area: Pick<Area, "lat" | "lon"> | null, g: Pick<CandidateGroup, "lat" | "lon" | "format">): number | null {
  if (!area || !meetsInPerson(g) || g.lat === null || g.lon === null) return null;
  return greatCircleKm(area, { lat: g.lat, lon: g.lon });
}

/** The smallest distance the wizard offers that reaches `km`, if any. */
export function distanceReaching(km: number): DistanceKm | undefined {
  return DISTANCE_KM.find((d) => km <= d);
}

/** One answer (of the location question) to change so that a group suits. */
export interface AnswerChange {
  format?: Format;
  distanceKm?: DistanceKm;
}

export const NOT_SUITED = [
  /** The group is forming or closed: nobody can ask to join it now. */
  "not_taking_requests",
  /** It meets only online; they would meet only in person. */
  "meets_online",
  /** It meets in person farther away than they would travel. */
  "beyond_distance",
  /** It meets only in person; they would meet only online. */
  "meets_in_person",
  /** It meets in person farther than anyone can choose to travel, or they live outside Australia and New Zealand. */
  "too_far",
] as const;
export type NotSuited = (typeof NOT_SUITED)[number];

export type Suitability =
  | { suits: true; how: "in_person" | "online"; km: number | null }
  | { suits: false; why: NotSuited; km: number | null; change: AnswerChange | null };

/**
 * Whether one group suits these answers, and how: in person when it meets in
 * person within their distance, otherwise online when it meets online and they
 * accept online. When it does not, why, and the one change to the location
 * answer that would make it suit (null when no single change would).
 */
export function suitability(answers: LocationAnswers, area: Pick<Area, "lat" | "lon"> | null, g: CandidateGroup): Suitability {
  const km = answers.country === "other" ? null : kmTo(area, g);
  if (!isMatched(g)) return { suits: false, why: "not_taking_requests", km, change: null };
  if (wantsInPersonAt(answers, area) && km !== null && answers.distanceKm !== undefined && km <= answers.distanceKm) {
    return { suits: true, how: "in_person", km };
  }
  if (acceptsOnline(answers) && meetsOnline(g)) return { suits: true, how: "online", km: null };

  // Not suited: find the one answer that would change that.
  const online: AnswerChange | null = meetsOnline(g) ? { format: "either" } : null;
  if (!meetsInPerson(g)) return { suits: false, why: "meets_online", km: null, change: online };
  const reach = km === null || answers.country === "other" ? undefined : distanceReaching(km);
  if (reach === undefined) return { suits: false, why: "too_far", km, change: online };
  if (wantsInPerson(answers)) return { suits: false, why: "beyond_distance", km, change: { distanceKm: reach } };
  return { suits: false, why: "meets_in_person", km, change: { format: "either", distanceKm: reach } };
}

function wantsInPersonAt(a: LocationAnswers, area: Pick<Area, "lat" | "lon"> | null): boolean {
  return wantsInPerson(a) && area !== null && a.distanceKm !== undefined;
}

/** Hours between the group's zone and the person's, or null when theirs is unknown. */
function zoneGapHours(g: CandidateGroup, facts: MatchFacts): number | null {
  return facts.viewerUtcOffsetMinutes === null ? null : Math.abs(g.utcOffsetMinutes - facts.viewerUtcOffsetMinutes) / 60;
}

/** Online groups in a time zone near the person's (all of them when their zone is unknown). */
export function inNearZone(g: CandidateGroup, facts: MatchFacts): boolean {
  const gap = zoneGapHours(g, facts);
  return gap === null || gap <= NEAR_ZONE_HOURS;
}

/**
 * The order groups are listed in: open before full; then in person (nearest
 * first) before online (nearest time zone first); then by name.
 */
function listOrder(facts: MatchFacts, byId: Map<number, CandidateGroup>) {
  return (a: ListedGroup, b: ListedGroup): number => {
    const ga = byId.get(a.id)!;
    const gb = byId.get(b.id)!;
    return (
      byGroupStatus(a, b) ||
      (a.how === b.how ? 0 : a.how === "in_person" ? -1 : 1) ||
      (a.km ?? 0) - (b.km ?? 0) ||
      (zoneGapHours(ga, facts) ?? 0) - (zoneGapHours(gb, facts) ?? 0) ||
      ga.name.localeCompare(gb.name) ||
      a.id - b.id
    );
  };
}

/** The groups that suit these answers, in the order they are listed. */
export function suitedGroups(answers: LocationAnswers, area: Pick<Area, "lat" | "lon"> | null, facts: MatchFacts): ListedGroup[] {
  const byId = new Map(facts.groups.map((g) => [g.id, g]));
  const listed: ListedGroup[] = [];
  for (const g of byId.values()) {
    const s = suitability(answers, area, g);
    if (s.suits && isMatched(g)) listed.push({ id: g.id, slug: g.slug, how: s.how, km: s.km, status: g.status });
  }
  return listed.sort(listOrder(facts, byId));
}

/** Online groups offered to someone who did not ask to meet online: matched ones in a time zone near theirs. */
export function nearZoneOnlineGroups(facts: MatchFacts, except: ReadonlySet<number>): ListedGroup[] {
  const byId = new Map(facts.groups.map((g) => [g.id, g]));
  const listed: ListedGroup[] = [];
  for (const g of byId.values()) {
    if (except.has(g.id) || !meetsOnline(g) || !isMatched(g) || !inNearZone(g, facts)) continue;
    listed.push({ id: g.id, slug: g.slug, how: "online", km: null, status: g.status });
  }
  return listed.sort(listOrder(facts, byId));
}

/**
 * The location rows of the routing table, for someone every criterion fits:
 * - an open group suits them: group / match, every group that suits (open first);
 * - groups suit them but every one is full: group / group_full, those groups
 *   (their waiting lists), then, if they did not ask for online, online groups
 *   in a time zone near theirs;
 * - nothing suits them: newsletter / outside_region (abroad) or
 *   no_group_nearby, the waiting list for their area, and online groups in a
 *   time zone near theirs if they did not ask for online.
 */
export function matchLocation(answers: Answers, area: Area | null, facts: MatchFacts): LocationDecision {
  const suited = suitedGroups(answers, area, facts);
  if (suited.some((g) => g.status === "open")) return { outcome: "group", reasons: ["match"], groups: suited };
  const offered = acceptsOnline(answers) ? [] : nearZoneOnlineGroups(facts, new Set(suited.map((g) => g.id)));
  if (suited.length > 0) return { outcome: "group", reasons: ["group_full"], groups: [...suited, ...offered] };
  if (answers.country === "other") return { outcome: "newsletter", reasons: ["outside_region"], groups: offered };
  return { outcome: "newsletter", reasons: ["no_group_nearby"], groups: offered };
}

/** Reasons that mean "PWCOP fits you, but no group meets where you want one yet": their page offers the waiting list for their area. */
export const WAITING_LIST_REASONS = ["no_group_nearby", "outside_region"] as const satisfies readonly ReasonCode[];

/** Reasons that mean PWCOP fits the person (they may ask to join the groups their decision lists). */
export const FITTING_REASONS = ["match", "group_full", "no_group_nearby", "outside_region"] as const satisfies readonly ReasonCode[];

export const fits = (reasons: readonly string[]): boolean => reasons.some((r) => (FITTING_REASONS as readonly string[]).includes(r));
export const offersWaitingList = (reasons: readonly string[]): boolean =>
  reasons.some((r) => (WAITING_LIST_REASONS as readonly string[]).includes(r));

/** Somewhere a waiting list can look: a point and a distance, or online. */
export interface WaitingArea {
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  acceptsOnline: boolean | null;
}

/**
 * On the waiting list for their area: asked for news of new groups, fit
 * PWCOP but had no group where they wanted one, and told us where to look (a
 * point and a distance, or that they would meet online).
 */
export function qualifiesForWaitingList(s: WaitingArea & { interests: readonly string[]; reasons: readonly string[] | null }): boolean {
  const somewhere = (s.lat !== null && s.lon !== null && s.distanceKm !== null) || s.acceptsOnline === true;
  return s.interests.includes("new_groups") && offersWaitingList(s.reasons ?? []) && somewhere;
}

/**
 * Where someone's waiting list looks, from their decided answers: their
 * area's point and their distance, for in person; online when they accept
 * online, or live outside Australia and New Zealand (only online groups can
 * reach them there).
 */
export function waitingAreaFor(answers: Answers, area: Pick<Area, "lat" | "lon"> | null): WaitingArea {
  const inPerson = wantsInPerson(answers) && area !== null && answers.distanceKm !== undefined;
  return {
    lat: area?.lat ?? null,
    lon: area?.lon ?? null,
    distanceKm: inPerson ? answers.distanceKm! : null,
    acceptsOnline: acceptsOnline(answers) || answers.country === "other",
  };
}

/** "New groups near me" needs a place: a gazetteer area, or knowing they live outside Australia and New Zealand. */
export function knowsWhere(answers: Answers | undefined, area: Area | null | undefined): boolean {
  return Boolean(area) || answers?.country === "other";
}

/**
 * Whether a newly opened group suits someone on the waiting list: in person
 * within their distance (preferred), or online if they accept online.
 */
export function waitingListMatch(
  s: WaitingArea,
  g: Pick<CandidateGroup, "format" | "lat" | "lon">,
): { how: "in_person" | "online"; km: number | null } | null {
  const km = s.lat !== null && s.lon !== null ? kmTo({ lat: s.lat, lon: s.lon }, g) : null;
  if (km !== null && s.distanceKm !== null && km <= s.distanceKm) return { how: "in_person", km };
  if (meetsOnline(g) && s.acceptsOnline) return { how: "online", km: null };
  return null;
}

/**
 * The location rules as the "Who PWCOP is for" page states them, with the
 * numbers they use. content/criteria.json has a sentence for each id.
 */
export const LOCATION_RULES = [
  { id: "in_person_within_distance", vars: { distances: DISTANCE_KM.map(String) } },
  { id: "online_anywhere", vars: {} },
  { id: "open_before_full", vars: {} },
  { id: "full_or_none_near", vars: { hours: NEAR_ZONE_HOURS } },
  { id: "abroad", vars: {} },
  { id: "waiting_list", vars: {} },
] as const;
export type LocationRuleId = (typeof LOCATION_RULES)[number]["id"];
