/**
 * The funnel (/staff/funnel): starts, each step reached, where people stop
 * and each result, over a chosen range of days (default: the last 12 weeks),
 * as a server-drawn bar chart by week and tables. Built from funnel_counts
 * alone (no identifiers: see machines/funnel.ts). Any count from 1 to 4 is
 * shown as "fewer than 5". Staff only, checked by withAccess (the route declares it).
 */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import type { DB } from "../../db/client";
import { funnelCounts, type FunnelRow } from "../../db/queries/funnel";
import { OUTCOMES, REASON_CODES } from "../../machines/answers";
import { parseOutcomeStep } from "../../machines/funnel";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { fieldErrors } from "../forms/fields";
import { staffContent } from "./content.server";
import { rangeSchema } from "./demand-funnel-schemas";
import { sydneyDay } from "../eligibility/funnel-count.server";

const NO_STORE = { "Cache-Control": "no-store" };
/** Steps after the first answer, in the order the wizard reaches them. */
const REACHED_STEPS = ["practice", "supervision", "hopes", "location", "place", "check"] as const;
const DEFAULT_WEEKS = 12;
/** Counts from 1 to this are never shown as they are. */
const SUPPRESS_BELOW = 5;

// --- Days and weeks (calendar days as YYYY-MM-DD, reckoned in UTC) ---------------------

const DAY_MS = 86_400_000;
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** The Monday of the week `day` falls in. */
export const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
const dayLabel = new Intl.DateTimeFormat("en-AU", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const shortLabel = new Intl.DateTimeFormat("en-AU", { timeZone: "UTC", day: "numeric", month: "short" });
export const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** The last 12 weeks, Monday to today (Sydney). */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const to = sydneyDay(now);
  return { from: addDays(mondayOf(to), -7 * (DEFAULT_WEEKS - 1)), to };
}

/** "12", "fewer than 5" for 1 to 4, "0". */
export function shown(n: number): string {
  if (n > 0 && n < SUPPRESS_BELOW) return staffContent.funnel.fewerThan5;
  return n.toLocaleString("en-AU");
}

// --- Adding up ------------------------------------------------------------------------------

export interface Totals {
  starts: number;
  reached: Record<string, number>;
  left: Record<string, number>;
  outcomes: Record<string, number>;
  /** `outcome:reason` → count. */
  reasons: Record<string, number>;
}

export function addUp(rows: readonly FunnelRow[]): Totals {
  const t: Totals = { starts: 0, reached: {}, left: {}, outcomes: {}, reasons: {} };
  for (const r of rows) {
    if (r.from === "start") t.starts += r.count;
    else t.left[r.from] = (t.left[r.from] ?? 0) + r.count;
    const outcome = parseOutcomeStep(r.to);
    if (outcome) {
      t.outcomes[outcome.outcome] = (t.outcomes[outcome.outcome] ?? 0) + r.count;
      const k = `${outcome.outcome}:${outcome.reason}`;
      t.reasons[k] = (t.reasons[k] ?? 0) + r.count;
    } else {
      t.reached[r.to] = (t.reached[r.to] ?? 0) + r.count;
    }
  }
  return t;
}

const NOT_COUNTED = () => staffContent.funnel.notApplicable;

/** The step-by-step table: each row carries its step (data-step) and the count that reached it. */
export function stepRows(t: Totals) {
  const c = staffContent.funnel;
  const rows: { step: string; label: string; level: 0 | 1; reached: string; wentOn: string; stopped: string }[] = [];
  rows.push({ step: "start", label: c.steps.start, level: 0, reached: shown(t.starts), wentOn: shown(t.starts), stopped: NOT_COUNTED() });
  for (const s of REACHED_STEPS) {
    const reached = t.reached[s] ?? 0;
    const left = s === "check" ? OUTCOMES.reduce((n, o) => n + (t.outcomes[o] ?? 0), 0) : (t.left[s] ?? 0);
    rows.push({ step: s, label: c.steps[s], level: 0, reached: shown(reached), wentOn: shown(left), stopped: shown(Math.max(0, reached - left)) });
  }
  const reasonOrder = [...REASON_CODES, "none"] as string[];
  for (const o of OUTCOMES) {
    rows.push({ step: `outcome:${o}`, label: c.outcomes[o], level: 0, reached: shown(t.outcomes[o] ?? 0), wentOn: NOT_COUNTED(), stopped: NOT_COUNTED() });
    const reasons = Object.entries(t.reasons)
      .filter(([k, n]) => k.startsWith(`${o}:`) && n > 0)
      .map(([k, n]) => ({ reason: k.slice(o.length + 1), n }))
      .sort((a, b) => reasonOrder.indexOf(a.reason) - reasonOrder.indexOf(b.reason) || a.reason.localeCompare(b.reason));
    for (const { reason, n } of reasons) {
      const text = (c.reasons as Record<string, string>)[reason] ?? reason;
      rows.push({ step: `outcome:${o}:${reason}`, label: fill(c.reasonRow, { reason: text }), level: 1, reached: shown(n), wentOn: NOT_COUNTED(), stopped: NOT_COUNTED() });
    }
  }
  return rows;
}

const SERIES = ["start", ...OUTCOMES] as const;
type Series = (typeof SERIES)[number];

interface Week {
  monday: string;
  label: string;
  values: Record<Series, number>;
  stopped: number;
}

function weeksOf(rows: readonly FunnelRow[], from: string, to: string): Week[] {
  const weeks: Week[] = [];
  const index = new Map<string, Week>();
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const w: Week = { monday, label: formatDay(monday), values: { start: 0, group: 0, training: 0, newsletter: 0 }, stopped: 0 };
    weeks.push(w);
    index.set(monday, w);
  }
  const byWeek = new Map<string, FunnelRow[]>();
  for (const r of rows) {
    const m = mondayOf(r.day);
    const list = byWeek.get(m);
    if (list) list.push(r);
    else byWeek.set(m, [r]);
  }
  for (const w of weeks) {
    const t = addUp(byWeek.get(w.monday) ?? []);
    w.values = { start: t.starts, group: t.outcomes.group ?? 0, training: t.outcomes.training ?? 0, newsletter: t.outcomes.newsletter ?? 0 };
    w.stopped = Math.max(0, t.starts - OUTCOMES.reduce((n, o) => n + (t.outcomes[o] ?? 0), 0));
  }
  return weeks;
}

// --- The chart ----------------------------------------------------------------------------

const CHART = { width: 600, height: 260, left: 44, right: 8, top: 12, bottom: 36 } as const;
/** How tall a bar for 1 to 4 is drawn (a stub: its real height would tell the count). */
const STUB = 3;

function niceMax(n: number): number {
  if (n <= SUPPRESS_BELOW) return SUPPRESS_BELOW * 2;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) if (n <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function chart(weeks: Week[]) {
  const c = staffContent.funnel;
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  // The scale only ever comes from counts that are shown as they are.
  const max = niceMax(Math.max(0, ...weeks.flatMap((w) => SERIES.map((s) => w.values[s])).filter((v) => v >= SUPPRESS_BELOW)));
  const slot = plotW / Math.max(1, weeks.length);
  const barW = Math.max(1, Math.min(14, (slot * 0.8) / SERIES.length));
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 8));
  const y = (v: number) => CHART.top + plotH - (v / max) * plotH;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    ...CHART,
    baseline: CHART.top + plotH,
    ticks: [0, max / 2, max].map((v) => ({ y: r1(y(v)), label: v.toLocaleString("en-AU") })),
    bars: weeks.flatMap((w, i) => {
      const x0 = CHART.left + i * slot + (slot - barW * SERIES.length) / 2;
      return SERIES.map((s, j) => {
        const v = w.values[s];
        const stub = v > 0 && v < SUPPRESS_BELOW;
        const h = v === 0 ? 0 : stub ? STUB : (v / max) * plotH;
        return {
          key: `${w.monday}-${s}`,
          series: s,
          stub,
          x: r1(x0 + j * barW),
          y: r1(CHART.top + plotH - h),
          width: r1(Math.max(0.5, barW - 0.5)),
          height: r1(h),
          title: fill(c.barTitle, { week: w.label, series: c.chartLegend[s], count: shown(v) }),
        };
      });
    }),
    xLabels: weeks
      .map((w, i) => ({ key: w.monday, x: r1(CHART.left + (i + 0.5) * slot), text: shortLabel.format(new Date(`${w.monday}T00:00:00Z`)) }))
      .filter((_, i) => i % labelEvery === 0),
    legend: SERIES.map((s) => ({ series: s, label: c.chartLegend[s] })),
  };
}

// --- The page --------------------------------------------------------------------------------

function funnelPage(db: DB, from: string, to: string) {
  const c = staffContent.funnel;
  const rows = funnelCounts(db, from, to);
  const weeks = weeksOf(rows, from, to);
  return {
    range: fill(c.range, { from: formatDay(from), to: formatDay(to) }),
    stepsCaption: fill(c.stepsCaption, { from: formatDay(from), to: formatDay(to) }),
    steps: stepRows(addUp(rows)),
    chart: chart(weeks),
    weeks: weeks.map((w) => ({
      monday: w.monday,
      label: w.label,
      start: shown(w.values.start),
      group: shown(w.values.group),
      training: shown(w.values.training),
      newsletter: shown(w.values.newsletter),
      stopped: shown(w.stopped),
    })),
  };
}

export async function funnelLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.funnel;
  const q = new URL(request.url).searchParams;
  const asked = q.has("from") || q.has("to");
  const values = asked ? { from: (q.get("from") ?? "").slice(0, 40), to: (q.get("to") ?? "").slice(0, 40) } : defaultRange();
  const parsed = rangeSchema.safeParse(values);
  if (!parsed.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, code]) => [k, c.errors[code as keyof typeof c.errors] ?? c.errors.date]));
    return data({ copy: c, values, errors, page: null }, { status: 400, headers: NO_STORE });
  }
  const { from, to } = parsed.data;
  return data({ copy: c, values: { from, to }, errors: {} as Record<string, string>, page: funnelPage(context.db, from, to) }, { headers: NO_STORE });
}
