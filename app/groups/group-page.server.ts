/** A group's public page and its calendar file: suburb-level area, rhythm, next meetings, convenor's first name. */
import { data } from "@remix-run/node";
import type { DB } from "../../db/client";
import { getGroupBySlug, type Group } from "../../db/queries/groups";
import { fill } from "../content.server";
import { describeRhythm, formatLongDate, formatMeetingTimes, isoLocal, nextMeetings } from "../utils/rhythm";
import { appUrl, type Env } from "../utils/env.server";
import { zoneName } from "../utils/time-zones";
import { monthYear } from "../freshness/month";
import { calendarFileName, groupCalendar } from "./calendar.server";
import { groupsContent, regionName } from "./content.server";

const SLUG = /^[a-z0-9-]{1,80}$/;

/** The group, or a 404: unknown, malformed and closed groups alike (closed ones say they no longer meet). */
export function publicGroup(db: DB, slug: string | undefined): Group {
  const group = slug && SLUG.test(slug) ? getGroupBySlug(db, slug) : undefined;
  if (!group) throw data(null, { status: 404 });
  if (group.status === "closed") throw data({ message: groupsContent.group.closed }, { status: 404 });
  return group;
}

export const calendarPath = (slug: string) => `/groups/${slug}/calendar.ics`;

export function groupPage(db: DB, slug: string | undefined, now = new Date()) {
  const g = publicGroup(db, slug);
  const copy = groupsContent.group;
  const status = g.status as Exclude<Group["status"], "closed">;
  const area = g.format === "online" ? copy.online : `${g.suburb}, ${regionName(g.region)}`;
  const meets = g.status !== "forming";
  const meetings = meets
    ? nextMeetings(g.rhythm, g.timeZone, now, 3).map((m) => ({
        date: formatLongDate(m.start, g.timeZone),
        time: formatMeetingTimes(m, g.timeZone),
        datetime: isoLocal(m.start, g.timeZone),
      }))
    : [];
  const vars = { name: g.name, convenor: g.convenorFirstName, rhythm: describeRhythm(g.rhythm) };
  return {
    copy,
    group: {
      slug: g.slug,
      name: g.name,
      area,
      inPerson: g.format !== "online",
      format: copy.formats[g.format],
      status,
      statusLabel: copy.statuses[status],
      rhythm: describeRhythm(g.rhythm),
      zone: zoneName(g.timeZone),
      convenor: g.convenorFirstName,
      isDemo: g.isDemo,
      /** "Details confirmed by the convenor in May 2026", once a convenor has confirmed the listing (app/freshness). */
      confirmed: g.verifiedAt ? fill(copy.confirmed, { month: monthYear(g.verifiedAt, g.timeZone) }) : null,
      /** The convenor says the group is taking a break. */
      paused: g.pausedAt ? copy.paused : null,
    },
    description: fill(copy.description, {
      ...vars,
      where: g.format === "online" ? copy.whereOnline : fill(copy.whereInPerson, { area }),
    }),
    meetings,
    nextTimes: fill(copy.nextTimes, { zone: zoneName(g.timeZone) }),
    calendarHref: meetings.length ? calendarPath(g.slug) : null,
    joinHref: `/eligibility/join/${g.slug}`,
    joinLead: fill(g.status === "full" ? copy.fullLead : copy.joinLead, vars),
    formingText: fill(copy.formingText, vars),
  };
}

const plainText = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(`${text}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

/** Anything but GET/HEAD to a calendar file. */
export const calendarMethodNotAllowed = () => plainText(405, groupsContent.calendar.methodNotAllowed, { Allow: "GET, HEAD" });

/**
 * The .ics response for a group; a plain-text 404 when there is no such
 * (public) group or it has no meetings to offer. Its URL comes from APP_URL:
 * the file is publicly cached, so nothing in it may come from request headers.
 */
export function groupCalendarResponse(db: DB, env: Pick<Env, "APP_URL" | "PORT">, slug: string | undefined, now = new Date()): Response {
  const copy = groupsContent.calendar;
  const g = slug && SLUG.test(slug) ? getGroupBySlug(db, slug) : undefined;
  if (!g || g.status === "closed") return plainText(404, copy.notFound);
  const pageUrl = `${appUrl(env)}/groups/${g.slug}`;
  const ics = groupCalendar(g, { now, pageUrl });
  if (!ics) return plainText(404, copy.noMeetings);
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendarFileName(g.slug)}"`,
      "Cache-Control": "public, max-age=3600",
    },
  });
}
