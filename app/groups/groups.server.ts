/**
 * Groups as the pages show them (suburb-level area, rhythm in words, meeting
 * times in two zones), and the facts matching needs from the database. Which
 * groups suit whom is decided in machines/matching.ts, never here.
 */
import type { Area } from "../../machines/answers";
import { isMatched, meetsOnline, type CandidateGroup, type ListedGroup, type MatchFacts } from "../../machines/matching";
import type { DB } from "../../db/client";
import { candidateGroups, getGroupsByIds, type Group, type GroupWithDistance } from "../../db/queries/groups";
import { describeRhythm, formatMeeting, nextMeetings } from "../utils/rhythm";
import { zoneForArea, zoneName } from "../utils/time-zones";

export interface GroupCard {
  slug: string;
  name: string;
  suburb: string;
  region: string;
  country: "AU" | "NZ";
  format: GroupWithDistance["format"];
  status: GroupWithDistance["status"];
  distanceKm: number | null;
  rhythm: string;
  /** Next meeting in the group's zone, and in the viewer's when it differs. */
  nextMeeting: { groupTime: string; groupZone: string; viewerTime: string | null; viewerZone: string | null } | null;
  isDemo: boolean;
}

export function toGroupCard(g: GroupWithDistance, viewerZone: string | null, now = new Date()): GroupCard {
  const [next] = nextMeetings(g.rhythm, g.timeZone, now, 1);
  const showViewer = viewerZone !== null && meetsOnline(g) && viewerZone !== g.timeZone;
  return {
    slug: g.slug,
    name: g.name,
    suburb: g.suburb,
    region: g.region,
    country: g.country,
    format: g.format,
    status: g.status,
    distanceKm: g.distanceKm === null ? null : Math.round(g.distanceKm * 10) / 10,
    rhythm: describeRhythm(g.rhythm),
    nextMeeting: next
      ? {
          groupTime: formatMeeting(next.start, g.timeZone),
          groupZone: zoneName(g.timeZone),
          viewerTime: showViewer ? formatMeeting(next.start, viewerZone) : null,
          viewerZone: showViewer ? zoneName(viewerZone) : null,
        }
      : null,
    isDemo: g.isDemo,
  };
}

/** One formatter per zone: making an Intl.DateTimeFormat costs far more than using one. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** A zone's offset from UTC at an instant, in minutes ("GMT+10:30" → 630). */
export function utcOffsetMinutes(zone: string, at: Date): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-AU", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  const m = /([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export function toCandidate(g: Group, now: Date): CandidateGroup {
  return { id: g.id, slug: g.slug, name: g.name, format: g.format, status: g.status, lat: g.lat, lon: g.lon, utcOffsetMinutes: utcOffsetMinutes(g.timeZone, now) };
}

/** What the statechart's `confirm` carries: the candidate groups near the person's area and online, and their time zone. */
export function matchFacts(db: DB, area: Area | null, now = new Date()): MatchFacts {
  const zone = zoneForArea(area);
  return {
    groups: candidateGroups(db, area).map((g) => toCandidate(g, now)),
    viewerUtcOffsetMinutes: zone ? utcOffsetMinutes(zone, now) : null,
  };
}

/**
 * The groups a decision recorded, as they are now, in its order. A group
 * that has since closed (or gone back to forming) is left out; one that has
 * filled up shows as full, with its waiting list.
 */
export function listedGroups(db: DB, listed: readonly ListedGroup[]): (GroupWithDistance & { how: ListedGroup["how"] })[] {
  const byId = new Map(getGroupsByIds(db, listed.map((l) => l.id)).map((g) => [g.id, g]));
  return listed.flatMap((l) => {
    const g = byId.get(l.id);
    return g && isMatched(g) ? [{ ...g, distanceKm: l.km, how: l.how }] : [];
  });
}

export { zoneForArea };
