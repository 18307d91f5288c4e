/**
 * Meeting rhythms: a plain-English description, and the next meeting dates
 * computed in the group's own time zone (daylight saving included).
 */
import type { Rhythm } from "../../db/rhythm";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ORDINALS: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", [-1]: "last" };

/** "7 pm", "6:30 pm", "12 pm" */
export function formatClock(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  const suffix = h >= 12 ? "pm" : "am";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${h12} ${suffix}` : `${h12}:${String(m).padStart(2, "0")} ${suffix}`;
}

/** "7–9 pm", "10 am–12:30 pm" */
export function formatTimeRange(start: string, end: string): string {
  const a = formatClock(start);
  const b = formatClock(end);
  const [aTime, aSuffix] = a.split(" ");
  const [, bSuffix] = b.split(" ");
  return aSuffix === bSuffix ? `${aTime}–${b}` : `${a}–${b}`;
}

/** "Monthly, second Tuesday, 7–9 pm" */
export function describeRhythm(r: Rhythm): string {
  const day = WEEKDAYS[r.weekday]!;
  const when =
    r.frequency === "monthly"
      ? `Monthly, ${ORDINALS[r.week ?? 1]} ${day}${r.week === 5 ? " (in months that have one)" : ""}`
      : r.frequency === "fortnightly"
        ? `Every second ${day}`
        : `Weekly, ${day}`;
  return `${when}, ${formatTimeRange(r.start, r.end)}`;
}

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function wallTimeIn(zone: string, instant: Date): WallTime {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-AU", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    partsFormatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour! % 24, minute: +p.minute! };
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
/** The zone's offset from UTC at an instant, in ms. */
const offsetAt = (zone: string, instant: number) => wallAsUtc(wallTimeIn(zone, new Date(instant))) - Math.floor(instant / 60_000) * 60_000;

/**
 * The instant at which clocks in `zone` show the given wall time. When the
 * clocks go back and the time happens twice, the first; when they jump
 * forward over it, the time it would have been without the jump (2:30 am
 * becomes 3:30 am daylight time).
 */
export function zonedTimeToUtc(zone: string, t: WallTime): Date {
  const asUtc = wallAsUtc(t);
  const HOURS_12 = 12 * 3_600_000;
  // The offsets in force half a day either side: no zone changes twice in a day.
  const before = offsetAt(zone, asUtc - HOURS_12);
  const after = offsetAt(zone, asUtc + HOURS_12);
  const candidates = [...new Set([asUtc - before, asUtc - after])].sort((a, b) => a - b);
  const exact = candidates.find((c) => wallAsUtc(wallTimeIn(zone, new Date(c))) === asUtc);
  return new Date(exact ?? asUtc - before);
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekdayOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/** The day of the month of the nth (or last, -1) weekday, or null when that month has none. */
export function nthWeekdayOfMonth(y: number, m: number, weekday: number, week: number): number | null {
  if (week === -1) {
    const last = daysInMonth(y, m);
    return last - ((weekdayOf(y, m, last) - weekday + 7) % 7);
  }
  const first = 1 + ((weekday - weekdayOf(y, m, 1) + 7) % 7);
  const day = first + (week - 1) * 7;
  return day <= daysInMonth(y, m) ? day : null;
}

export interface Meeting {
  start: Date;
  end: Date;
}

/** The next `count` meetings starting at or after `from`, computed on the group's local calendar. */
export function nextMeetings(r: Rhythm, zone: string, from: Date, count = 3): Meeting[] {
  const [sh, sm] = r.start.split(":").map(Number) as [number, number];
  const [eh, em] = r.end.split(":").map(Number) as [number, number];
  const today = wallTimeIn(zone, from);
  const out: Meeting[] = [];
  const push = (y: number, m: number, d: number) => {
    const start = zonedTimeToUtc(zone, { year: y, month: m, day: d, hour: sh, minute: sm });
    // A meeting that ends at or before its start time ends the next day (10 pm–12:30 am).
    const next = new Date(Date.UTC(y, m - 1, d + (eh * 60 + em <= sh * 60 + sm ? 1 : 0)));
    const end = zonedTimeToUtc(zone, { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: eh, minute: em });
    if (start.getTime() >= from.getTime()) out.push({ start, end });
  };

  if (r.frequency === "monthly") {
    let y = today.year;
    let m = today.month;
    for (let i = 0; out.length < count && i < 120; i++) {
      const d = nthWeekdayOfMonth(y, m, r.weekday, r.week ?? 1);
      if (d !== null) push(y, m, d);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    return out.slice(0, count);
  }

  const step = r.frequency === "weekly" ? 7 : 14;
  let cursor = Date.UTC(today.year, today.month - 1, today.day);
  cursor += ((r.weekday - new Date(cursor).getUTCDay() + 7) % 7) * 86_400_000;
  if (r.frequency === "fortnightly" && r.anchorDate) {
    const anchor = Date.parse(`${r.anchorDate}T00:00:00Z`);
    const days = Math.round((cursor - anchor) / 86_400_000);
    if (((days % 14) + 14) % 14 !== 0) cursor += 7 * 86_400_000;
  }
  for (let i = 0; out.length < count && i < 60; i++) {
    const d = new Date(cursor + i * step * 86_400_000);
    push(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  return out.slice(0, count);
}

const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad2 = (n: number) => String(n).padStart(2, "0");
const clock = (w: WallTime) => formatClock(`${pad2(w.hour)}:${pad2(w.minute)}`);
const weekdayOfWall = (w: WallTime) => new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();

/** "Thu 10 Dec, 8:30 pm" in the given zone (built from parts, so it reads the same on every ICU version). */
export function formatMeeting(instant: Date, zone: string): string {
  const w = wallTimeIn(zone, instant);
  return `${WEEKDAYS[weekdayOfWall(w)]!.slice(0, 3)} ${w.day} ${MONTHS_SHORT[w.month - 1]}, ${clock(w)}`;
}

/** "Tuesday 9 June 2026" in the given zone. */
export function formatLongDate(instant: Date, zone: string): string {
  const w = wallTimeIn(zone, instant);
  return `${WEEKDAYS[weekdayOfWall(w)]} ${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** "7–9 pm" for a meeting, in the given zone. */
export function formatMeetingTimes(m: Meeting, zone: string): string {
  const a = wallTimeIn(zone, m.start);
  const b = wallTimeIn(zone, m.end);
  return formatTimeRange(`${pad2(a.hour)}:${pad2(a.minute)}`, `${pad2(b.hour)}:${pad2(b.minute)}`);
}

/** The wall date and time in a zone, as an ISO local string with its offset ("2026-06-09T19:00+10:00"), for <time datetime>. */
export function isoLocal(instant: Date, zone: string): string {
  const w = wallTimeIn(zone, instant);
  const offset = Math.round(offsetAt(zone, instant.getTime()) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The wall date and time in a zone, as numbers (for calendar files). */
export function wallTime(instant: Date, zone: string): WallTime {
  return wallTimeIn(zone, instant);
}
