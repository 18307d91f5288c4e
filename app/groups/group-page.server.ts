/**
 * A group's public page and its calendar file: suburb-level area, rhythm,
 * next meetings, convenor's first name. An online group's meetings are also
 * shown in "your time" (viewer-zone.server.ts), with the zone choice.
 */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import type { DB } from "../../db/client";
import { groupDescription } from "../../db/queries/listings";
import { getGroupBySlug, type Group } from "../../db/queries/groups";
import { fill } from "../content.server";
import { describeRhythm, formatLongDate, formatMeetingTimes, isoLocal, nextMeetings } from "../utils/rhythm";
import { appUrl, type Env } from "../utils/env.server";
import { zoneName } from "../utils/time-zones";
import { yourTimeText } from "../utils/your-time";
import { formatMonth as monthYear } from "../utils/dates";
import { calendarFileName, groupCalendar } from "./calendar.server";
import { groupsContent, regionName } from "./content.server";
import { viewerZone, zoneForm, type ViewerZone } from "./viewer-zone.server";

const SLUG = /^[a-z0-9-]{1,80}$/;

/** The group, or a 404: unknown, malformed and closed groups alike (closed ones say they no longer meet). */
export function publicGroup(db: DB, slug: string | undefined): Group {
  const group = slug && SLUG.test(slug) ? getGroupBySlug(db, slug) : undefined;
  if (!group) throw data(null, { status: 404 });
  if (group.status === "closed") throw data({ message: groupsContent.group.closed }, { status: 404 });
  return group;
}

export const calendarPath = (slug: string) => `/groups/${slug}/calendar.ics`;

export function groupPage(db: DB, slug: string | undefined, now = new Date(), viewer: Pick<ViewerZone, "zone" | "source"> = { zone: null, source: "none" }) {
  const g = publicGroup(db, slug);
  const online = g.format !== "in_person";
  const copy = groupsContent.group;
  const status = g.status as Exclude<Group["status"], "closed">;
  const area = g.format === "online" ? copy.online : `${g.suburb}, ${regionName(g.region)}`;
  const meets = g.status !== "forming";
  const meetings = meets
    ? nextMeetings(g.rhythm, g.timeZone, now, 3).map((m) => {
        const start = m.start.toISOString();
        const end = m.end.toISOString();
        return {
          date: formatLongDate(m.start, g.timeZone),
          time: formatMeetingTimes(m, g.timeZone),
          datetime: isoLocal(m.start, g.timeZone),
          /** Online groups: the same meeting on the viewer's clock. */
          yourTime: online ? { start, end, text: viewer.zone ? yourTimeText(start, end, viewer.zone, zoneName(viewer.zone)) : null } : null,
        };
      })
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
      /** The convenors' own description from the listing editor, shown as they wrote it (plain text). */
      ownWords: groupDescription(db, g.id),
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
    /** "Show times in", for a group that meets online and has meetings to show. */
    zoneForm: online && meets ? zoneForm({ zone: viewer.zone, source: viewer.source, setCookie: null }) : null,
  };
}

/** The group page's loader: the visitor's zone for "your time" (remembered when they choose one), then the page. */
export async function groupPageLoader({ params, request, context }: Pick<LoaderFunctionArgs, "params" | "request" | "context">) {
  // A missing or closed group is a 404 before anything else is looked at.
  publicGroup(context.db, params.slug);
  const viewer = await viewerZone(request, context);
  const page = groupPage(context.db, params.slug, new Date(), viewer);
  return data(page, viewer.setCookie ? { headers: { "Set-Cookie": viewer.setCookie } } : undefined);
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
