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
      ? `Monthly, ${ORDINALS[r.week ?? 1]} ${day}`
      : r.frequency === "fortnightly"
        ? `Every second ${day}`
        : `Weekly, ${day}`;
  return `${when}, ${formatTimeRange(r.start, r.end)}`;
}

interface WallTime {
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

/** The instant at which clocks in `zone` show the given wall time (the later one if it does not exist). */
export function zonedTimeToUtc(zone: string, t: WallTime): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const w = wallTimeIn(zone, new Date(guess));
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    const diff = asUtc - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
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
    const end = zonedTimeToUtc(zone, { year: y, month: m, day: d, hour: eh, minute: em });
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

/** "Thu 10 Dec, 8:30 pm" in the given zone. */
export function formatMeeting(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-AU", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  })
    .format(instant)
    .replace(/\s?([ap])\.?m\.?/i, (_m, p: string) => ` ${p.toLowerCase()}m`)
    .replace(":00 ", " ");
}
