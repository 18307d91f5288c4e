/**
 * A group's meetings as an iCalendar file (RFC 5545): one recurring event
 * for the next twelve months, in the group's own time zone with a VTIMEZONE
 * derived from the platform's time-zone data. CRLF line endings, lines
 * folded at 75 octets, text escaped. No venue and no personal data.
 */
import type { Group } from "../../db/queries/groups";
import type { Rhythm } from "../../db/rhythm";
import { fill } from "../content.server";
import { describeRhythm, nextMeetings, nthWeekdayOfMonth, wallTime, type WallTime } from "../utils/rhythm";
import { zoneName } from "../utils/time-zones";
import { groupsContent, regionName } from "./content.server";

const DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Splits a content line into lines of at most 75 octets, continuation lines starting with a space; never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    if (bytes + size > 75) {
      parts.push(current);
      current = " ";
      bytes = 1;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join("\r\n");
}

const utcStamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
const localStamp = (w: WallTime) => `${w.year}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}00`;

function offsetText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

const wallMs = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
const offsetAt = (zone: string, t: number) => wallMs(wallTime(new Date(t), zone)) - Math.floor(t / 60_000) * 60_000;

interface Transition {
  /** The instant the offset changes. */
  at: number;
  from: number;
  to: number;
}

/** Offset changes in [start, end), found day by day and then to the minute. */
export function transitions(zone: string, start: number, end: number): Transition[] {
  const DAY = 86_400_000;
  const out: Transition[] = [];
  let prev = offsetAt(zone, start);
  for (let t = start + DAY; t < end + DAY; t += DAY) {
    const o = offsetAt(zone, t);
    if (o === prev) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(zone, mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: prev, to: o });
    prev = o;
  }
  return out;
}

/** The observance's yearly rule: "the nth (or last) weekday of a month", as RFC 5545 BYDAY. */
function yearlyRule(t: Transition, zone: string) {
  // DTSTART of an observance is the local time in force before the change.
  const local = new Date(t.at + t.from);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  const weekday = local.getUTCDay();
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const week = d + 7 > last ? -1 : Math.ceil(d / 7);
  const hh = local.getUTCHours();
  const mm = local.getUTCMinutes();
  const matches = (year: number, other: Transition) => {
    const day = nthWeekdayOfMonth(year, m, weekday, week);
    if (day === null) return false;
    return Date.UTC(year, m - 1, day, hh, mm) - t.from === other.at;
  };
  return { zone, m, weekday, week, hh, mm, from: t.from, to: t.to, matches };
}

function observance(kind: "STANDARD" | "DAYLIGHT", from: number, to: number, dtstart: string, rrule?: string): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    `END:${kind}`,
  ];
}

/**
 * A VTIMEZONE for `zone` valid around `around`: yearly rules when the zone's
 * changes follow "nth weekday of the month" (as AU and NZ do), otherwise the
 * dated changes from a year before to three years after.
 */
export function vtimezone(zone: string, around: Date): string[] {
  const year = new Date(around).getUTCFullYear();
  const start = Date.UTC(year - 1, 0, 1);
  const end = Date.UTC(year + 4, 0, 1);
  const all = transitions(zone, start, end);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  if (all.length === 0) {
    const o = offsetAt(zone, around.getTime());
    lines.push(...observance("STANDARD", o, o, "19700101T000000"));
  } else {
    const rules = all.slice(0, 2).map((t) => yearlyRule(t, zone));
    const regular = all.length >= 4 && all.every((t, i) => rules[i % 2]!.matches(new Date(t.at + t.from).getUTCFullYear(), t));
    if (regular && rules.length === 2) {
      for (const r of rules) {
        const day1970 = nthWeekdayOfMonth(1970, r.m, r.weekday, r.week)!;
        const byday = `${r.week}${DAY_CODES[r.weekday]}`;
        lines.push(
          ...observance(r.to > r.from ? "DAYLIGHT" : "STANDARD", r.from, r.to, `1970${pad(r.m)}${pad(day1970)}T${pad(r.hh)}${pad(r.mm)}00`, `FREQ=YEARLY;BYMONTH=${r.m};BYDAY=${byday}`),
        );
      }
    } else {
      lines.push(...observance("STANDARD", all[0]!.from, all[0]!.from, localStamp(wallTime(new Date(start), zone))));
      for (const t of all) {
        const local = new Date(t.at + t.from);
        const stamp = `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}T${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}00`;
        lines.push(...observance(t.to > t.from ? "DAYLIGHT" : "STANDARD", t.from, t.to, stamp));
      }
    }
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** The rhythm as an RRULE, from a first meeting, until `until`. */
export function rrule(r: Rhythm, until: Date): string {
  const day = DAY_CODES[r.weekday]!;
  const base =
    r.frequency === "monthly"
      ? `FREQ=MONTHLY;BYDAY=${r.week ?? 1}${day}`
      : r.frequency === "fortnightly"
        ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`
        : `FREQ=WEEKLY;BYDAY=${day}`;
  return `${base};UNTIL=${utcStamp(until)}`;
}

function duration(r: Rhythm): string {
  const [sh, sm] = r.start.split(":").map(Number) as [number, number];
  const [eh, em] = r.end.split(":").map(Number) as [number, number];
  let minutes = eh * 60 + em - (sh * 60 + sm);
  if (minutes <= 0) minutes += 24 * 60;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

export interface CalendarOptions {
  now: Date;
  /** The group's page, absolute. */
  pageUrl: string;
}

/** The group's calendar file, or null when it has no meetings to offer (forming or closed). */
export function groupCalendar(g: Group, { now, pageUrl }: CalendarOptions): string | null {
  if (g.status !== "open" && g.status !== "full") return null;
  const [first] = nextMeetings(g.rhythm, g.timeZone, now, 1);
  if (!first) return null;
  const copy = groupsContent.calendar;
  const until = new Date(first.start.getTime() + 365 * 86_400_000);
  const where = g.format === "online" ? copy.online : fill(copy.inPerson, { area: `${g.suburb}, ${regionName(g.region)}` });
  const description = fill(copy.description, {
    name: g.name,
    rhythm: describeRhythm(g.rhythm),
    zone: zoneName(g.timeZone),
    where,
    url: pageUrl,
  });
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//ANZPOP//Process Work Communities of Practice//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...vtimezone(g.timeZone, first.start),
    "BEGIN:VEVENT",
    `UID:pwcop-group-${g.slug}@anzpop.org`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${g.timeZone}:${localStamp(wallTime(first.start, g.timeZone))}`,
    `DURATION:${duration(g.rhythm)}`,
    `RRULE:${rrule(g.rhythm, until)}`,
    `SUMMARY:${escapeText(fill(copy.summary, { name: g.name }))}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${pageUrl}`,
    "STATUS:CONFIRMED",
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export const calendarFileName = (slug: string) => fill(groupsContent.calendar.fileName, { slug });
