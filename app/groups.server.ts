/** Groups as the pages show them: suburb-level area, rhythm in words, meeting times in two zones. */
import type { Answers, Area, Matches } from "../machines/answers";
import { wantsInPersonNearby } from "../machines/answers";
import type { DB } from "../db/client";
import { findGroupsNear, listOnlineGroups, type GroupWithDistance } from "../db/queries/groups";
import { describeRhythm, formatMeeting, nextMeetings } from "./utils/rhythm";
import { zoneForArea, zoneName } from "./utils/time-zones";

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
  const showViewer = viewerZone !== null && g.format !== "in_person" && viewerZone !== g.timeZone;
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

export interface MatchedGroups {
  nearby: GroupWithDistance[];
  online: GroupWithDistance[];
}

/** The groups that suit someone's location answers: in person within their distance, and online if they accept it. */
export function groupsFor(db: DB, answers: Answers, area: Area | null): MatchedGroups {
  const nearby =
    wantsInPersonNearby(answers) && area && answers.distanceKm ? findGroupsNear(db, area, answers.distanceKm) : [];
  const online = answers.format === "online" || answers.format === "either" ? listOnlineGroups(db) : [];
  return { nearby, online };
}

export function countMatches(db: DB, answers: Answers, area: Area | null): Matches {
  const { nearby, online } = groupsFor(db, answers, area);
  return { inPerson: nearby.length, online: online.length };
}

export { zoneForArea };
