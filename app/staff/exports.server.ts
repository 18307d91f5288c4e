/**
 * CSV exports for staff: groups, join requests (filtered as on the requests
 * page) and the waiting list.
 *
 * - **A POST, never a GET.** An export is asked for with a form posted to
 *   /staff/exports/:kind (purpose, note and, for requests, the filters); the
 *   answer is the file. Opening /staff/exports/:kind only shows the exports
 *   page: a link, an image or a prefetch from another site cannot run one.
 * - **A purpose for every export.** Each kind has a few purposes, and each
 *   purpose the columns it needs (PURPOSE_COLUMNS): reporting has no one's
 *   name or address, following up with convenors no applicant's note or
 *   address, planning groups no address and only a rounded point. The
 *   purpose (and an optional note) is recorded in the audit log, with who and
 *   when, before the first byte is sent.
 * - **Streamed, never built in memory.** The response body is a
 *   ReadableStream that, each time the client has taken the last chunk, reads
 *   the next BATCH rows (one short statement, keyed on the id, so nothing is
 *   held open between batches) and formats them.
 * - **Spreadsheet-safe.** RFC 4180 quoting (CRLF, quotes doubled), UTF-8
 *   with a byte order mark (so Excel reads macrons), and any text cell that
 *   starts with = + - @, a tab or a carriage return gets a leading
 *   apostrophe, so no spreadsheet runs it as a formula.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { DB } from "../../db/client";
import { appendAudit, auditActor } from "../../db/queries/audit";
import {
  AGE_FILTERS,
  countGroups,
  countStaffRequests,
  countWaiting,
  FIRST_BATCH,
  groupExportBatch,
  groupOptions,
  OVERDUE_FILTERS,
  requestExportBatch,
  waitingExportBatch,
  type ExportGroupRow,
  type ExportRequestRow,
  type ExportWaitingRow,
  type StaffRequestFilter,
} from "../../db/queries/staff-requests";
import { JOIN_REQUEST_STATUSES } from "../../machines/join-request";
import type { Granted } from "../auth/access.server";
import { notFound } from "../auth/session.server";
import { fill } from "../content.server";
import { convenorContent } from "../convenor/content.server";
import { hasBidiControls, hasControlChars } from "../utils/plain-text";
import { readForm } from "../forms/form-data.server";
import { staffContent } from "./content.server";
import { filterQuery, readRequestFilters, toDbFilter, type RequestFilters } from "./request-filters";

// --- CSV ---------------------------------------------------------------------------------

/** A text cell a spreadsheet would read as a formula (or as one after a tab or line break). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a formula-like text with an apostrophe: spreadsheets then show it as text. */
export const neutralise = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/**
 * One CSV cell: empty for null; a number as it is (a negative latitude is a
 * number, not a formula); text neutralised, then quoted if it holds a quote,
 * comma or line break (RFC 4180).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly (string | number | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** Excel needs it to read UTF-8. */
export const BOM = "\uFEFF";

// --- Kinds, purposes and columns -----------------------------------------------------------

export const EXPORT_KINDS = ["groups", "requests", "waiting-list"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const isExportKind = (v: unknown): v is ExportKind => typeof v === "string" && (EXPORT_KINDS as readonly string[]).includes(v);

export type ColumnKey = keyof typeof staffContent.exports.columns;
export type Purpose = keyof typeof staffContent.exports.purposes;

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : null);
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const yesNo = (b: boolean) => (b ? staffContent.exports.yes : staffContent.exports.no);
const opts = staffContent.groupForm.options;

type Cells<R> = Partial<Record<ColumnKey, (r: R) => string | number | null>>;

const REQUEST_CELLS: Cells<ExportRequestRow> = {
  id: (r) => r.id,
  received: (r) => utc(r.createdAt),
  group: (r) => r.groupName,
  status: (r) => convenorContent.statuses[r.status],
  statusChanged: (r) => utc(r.statusChangedAt),
  declineReason: (r) => (r.status === "declined" && r.declineReason ? (convenorContent.request.reasons[r.declineReason] ?? r.declineReason) : null),
  name: (r) => r.name,
  email: (r) => r.email,
  distanceKm: (r) => round1(r.distanceKm),
  note: (r) => r.note,
  convenor: (r) => r.convenorFirstName,
  convenorEmail: (r) => r.convenorEmail,
};

const GROUP_CELLS: Cells<ExportGroupRow> = {
  groupSlug: (g) => g.slug,
  group: (g) => g.name,
  region: (g) => g.region,
  country: (g) => (opts.country as Record<string, string>)[g.country] ?? g.country,
  format: (g) => (opts.format as Record<string, string>)[g.format] ?? g.format,
  status: (g) => (opts.status as Record<string, string>)[g.status] ?? g.status,
  capacity: (g) => g.capacity,
  members: (g) => g.members,
  waiting: (g) => g.waiting,
  open: (g) => g.open,
  verified: (g) => utc(g.verifiedAt),
  convenor: (g) => g.convenorFirstName,
  convenorEmail: (g) => g.convenorEmail,
};

const WAITING_CELLS: Cells<ExportWaitingRow> = {
  person: (w) => w.id,
  email: (w) => w.email,
  waitingSince: (w) => utc(w.waitingSince),
  country: (w) => (w.country ? ((opts.country as Record<string, string>)[w.country] ?? w.country) : null),
  place: (w) => w.place,
  // To about 10 km: enough to plan a group, not enough to find a home.
  lat: (w) => round1(w.lat),
  lon: (w) => round1(w.lon),
  travelKm: (w) => w.distanceKm,
  online: (w) => yesNo(w.acceptsOnline === 1),
};

/**
 * What each purpose may take: its columns, in order. The first purpose of a
 * kind is its default. A column no purpose needs is never exported.
 */
export const PURPOSE_COLUMNS = {
  groups: {
    reporting: ["groupSlug", "group", "region", "country", "format", "status", "capacity", "members", "waiting", "open", "verified"],
    follow_up: ["groupSlug", "group", "status", "open", "waiting", "verified", "convenor", "convenorEmail"],
  },
  requests: {
    review: ["id", "received", "group", "status", "statusChanged", "declineReason", "name", "email", "distanceKm", "note"],
    follow_up: ["id", "received", "group", "status", "name", "convenor", "convenorEmail"],
    reporting: ["id", "received", "group", "status", "statusChanged", "declineReason"],
  },
  "waiting-list": {
    planning: ["person", "waitingSince", "country", "place", "lat", "lon", "travelKm", "online"],
    contact: ["email", "waitingSince", "place", "travelKm", "online"],
  },
} as const satisfies Record<ExportKind, Partial<Record<Purpose, readonly ColumnKey[]>>>;

export const purposesFor = (kind: ExportKind): Purpose[] => Object.keys(PURPOSE_COLUMNS[kind]) as Purpose[];
export const defaultPurpose = (kind: ExportKind): Purpose => purposesFor(kind)[0]!;
export const isPurposeFor = (kind: ExportKind, v: unknown): v is Purpose => typeof v === "string" && (purposesFor(kind) as string[]).includes(v);
export const columnsFor = (kind: ExportKind, purpose: Purpose): readonly ColumnKey[] => (PURPOSE_COLUMNS[kind] as Partial<Record<Purpose, readonly ColumnKey[]>>)[purpose] ?? [];
export const columnHeaders = (kind: ExportKind, purpose: Purpose) => columnsFor(kind, purpose).map((c) => staffContent.exports.columns[c]);

function formatter<R>(cells: Cells<R>, columns: readonly ColumnKey[]): (r: R) => string {
  const fns = columns.map((c) => {
    const fn = cells[c];
    if (!fn) throw new Error(`no ${c} column for this export`);
    return fn;
  });
  return (r) => csvLine(fns.map((fn) => fn(r)));
}

// --- Batches ---------------------------------------------------------------------------------

/** Rows read and formatted per pull: a few hundred, some tens of KB. */
export const BATCH = 500;

/**
 * The CSV as a function that returns the next chunk of text each call (the
 * first starts with the byte order mark and the header), or null when done.
 * Each call reads one batch with one statement and finishes with it.
 */
function batches<R>(header: readonly string[], format: (r: R) => string, read: (cursor: number, limit: number) => Iterable<R>, cursorOf: (r: R) => number, start: number) {
  let cursor = start;
  let started = false;
  let done = false;
  return (): { text: string; rows: number } | null => {
    if (done) return null;
    let text = started ? "" : BOM + csvLine(header);
    started = true;
    let rows = 0;
    for (const r of read(cursor, BATCH)) {
      text += format(r);
      cursor = cursorOf(r);
      rows++;
    }
    if (rows < BATCH) done = true;
    return text || rows ? { text, rows } : null;
  };
}

export interface ExportSpec {
  kind: ExportKind;
  purpose: Purpose;
  /** Join requests only. */
  filters?: RequestFilters;
}

/** The next-chunk function of an export (also used by the bench, without HTTP). */
export function exportChunks(db: DB, spec: ExportSpec, now = new Date()) {
  const columns = columnsFor(spec.kind, spec.purpose);
  const header = columnHeaders(spec.kind, spec.purpose);
  switch (spec.kind) {
    case "requests": {
      const f: StaffRequestFilter = toDbFilter(spec.filters ?? {}, now);
      return batches(header, formatter(REQUEST_CELLS, columns), (before, limit) => requestExportBatch(db, f, before, limit), (r) => r.id, FIRST_BATCH);
    }
    case "groups":
      return batches(header, formatter(GROUP_CELLS, columns), (after, limit) => groupExportBatch(db, after, limit), (g) => g.id, 0);
    case "waiting-list":
      return batches(header, formatter(WAITING_CELLS, columns), (after, limit) => waitingExportBatch(db, after, limit), (w) => w.id, 0);
  }
}

export function exportRowCount(db: DB, spec: ExportSpec, now = new Date()): number {
  switch (spec.kind) {
    case "requests":
      return countStaffRequests(db, toDbFilter(spec.filters ?? {}, now));
    case "groups":
      return countGroups(db);
    case "waiting-list":
      return countWaiting(db);
  }
}

/**
 * The export as a response body. Each pull first lets the event loop run
 * (so the socket sends what it was given, and other requests get their turn),
 * then reads one batch. A client that goes away stops it.
 */
export function csvBody(next: () => { text: string } | null, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        const chunk = signal?.aborted ? null : next();
        if (chunk === null) controller.close();
        else controller.enqueue(encoder.encode(chunk.text));
      },
    },
    { highWaterMark: 0 },
  );
}

// --- Asking for an export --------------------------------------------------------------------

export const NOTE_MAX = 200;
export const EXPORTS_PATH = "/staff/exports";
/** Where an export's form posts. */
export const exportPath = (kind: ExportKind) => `${EXPORTS_PATH}/${kind}`;

export type ExportErrors = Partial<Record<"purpose" | "note", keyof typeof staffContent.exports.errors>>;

export type ExportAsk =
  | { ok: true; spec: ExportSpec; note: string }
  | { ok: false; errors: ExportErrors; values: { purpose: string; note: string; filters: RequestFilters } };

/** Reads an export's purpose, note and (for requests) filters from a posted form (or the exports page's query string). */
export function readExportAsk(db: DB, kind: ExportKind, params: URLSearchParams): ExportAsk {
  const purpose = params.get("purpose") ?? "";
  const note = (params.get("note") ?? "").trim();
  const filters = kind === "requests" ? readRequestFilters(params, groupOptions(db)) : {};
  const errors: ExportErrors = {};
  if (!isPurposeFor(kind, purpose)) errors.purpose = "purpose";
  if (Array.from(note).length > NOTE_MAX) errors.note = "too_long";
  else if (hasControlChars(note)) errors.note = "control";
  else if (hasBidiControls(note)) errors.note = "bidi";
  if (Object.keys(errors).length || !isPurposeFor(kind, purpose)) return { ok: false, errors, values: { purpose, note: note.slice(0, NOTE_MAX * 2), filters } };
  return { ok: true, spec: { kind, purpose, filters: kind === "requests" ? filters : undefined }, note };
}

const filename = (kind: ExportKind, now: Date) => `pwcop-${kind}-${now.toISOString().slice(0, 10)}.csv`;

/** A posted form's fields as a query string's, for readExportAsk. */
function formParams(raw: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) for (const x of [v].flat()) params.append(k, x);
  return params;
}

/** The exports page with this kind's form filled in as asked, and its errors. */
function backToPage(kind: ExportKind, asked: { purpose: string; note: string; filters: RequestFilters }): string {
  const back = filterQuery(asked.filters);
  back.set("kind", kind);
  back.set("purpose", asked.purpose.slice(0, 40));
  if (asked.note) back.set("note", asked.note);
  return `${EXPORTS_PATH}?${back.toString()}`;
}

/** GET /staff/exports/:kind: changes nothing; staff are shown the exports page, with this kind's form. */
export async function exportLoader({ params }: LoaderFunctionArgs, _granted: Granted) {
  const kind = params.kind;
  if (!isExportKind(kind)) throw notFound();
  throw redirect(`${EXPORTS_PATH}?kind=${kind}`, { status: 303, headers: { "Cache-Control": "no-store" } });
}

/**
 * POST /staff/exports/:kind: staff only. Without a purpose (or with a bad
 * note) it goes back to the exports page, which says what is missing next
 * to the field and keeps what was typed; otherwise it records the export in
 * the audit log and answers with the file, streamed.
 */
export async function exportAction({ request, context, params }: ActionFunctionArgs, { user }: Granted) {
  const kind = params.kind;
  if (!isExportKind(kind)) throw notFound();
  const ask = readExportAsk(context.db, kind, formParams(await readForm(request)));
  if (!ask.ok) throw redirect(backToPage(kind, ask.values), { status: 303, headers: { "Cache-Control": "no-store" } });
  const now = new Date();
  const rows = exportRowCount(context.db, ask.spec, now);
  const filters = ask.spec.filters ? filterQuery(ask.spec.filters).toString() : "";
  appendAudit(
    context.db,
    {
      ...auditActor(user),
      action: `export.${kind}`,
      subjectType: "export",
      subjectId: null,
      detail: { kind, purpose: ask.spec.purpose, note: ask.note, filters, rows, columns: columnsFor(kind, ask.spec.purpose).join(",") },
    },
    now,
  );
  context.logger.info("export", { kind, purpose: ask.spec.purpose, rows });
  return new Response(csvBody(exportChunks(context.db, ask.spec, now), request.signal), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename(kind, now)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// --- The exports page ----------------------------------------------------------------------------

const c = staffContent.exports;

function purposeOptions(kind: ExportKind) {
  return purposesFor(kind).map((p) => ({ value: p, label: c.purposes[p].charAt(0).toUpperCase() + c.purposes[p].slice(1) }));
}

function requestFilterOptions(db: DB) {
  const r = staffContent.requests;
  return {
    status: { label: r.status, any: r.anyStatus, options: JOIN_REQUEST_STATUSES.map((s) => ({ value: s, label: convenorContent.statuses[s] })) },
    group: { label: r.group, any: r.anyGroup, options: groupOptions(db).map((g) => ({ value: g.slug, label: g.name })) },
    age: { label: r.age, any: r.anyAge, options: AGE_FILTERS.map((a) => ({ value: a, label: r.ageOptions[a] })) },
    overdue: { label: r.overdue, any: r.anyOverdue, options: OVERDUE_FILTERS.map((o) => ({ value: o, label: r.overdueOptions[o] })) },
  };
}

/**
 * GET /staff/exports: the three exports, each a form posted to its file
 * (exportAction). With `kind` in the query (an export sent back as
 * incomplete, or a hand-made address), that form is filled in as asked, and
 * an incomplete ask shows the error next to its field (400). Changes nothing.
 */
export async function exportsPageLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  let failed: { kind: ExportKind; errors: ExportErrors; values: { purpose: string; note: string; filters: Record<string, string> } } | null = null;
  if (isExportKind(kind)) {
    const ask = readExportAsk(context.db, kind, url.searchParams);
    const values = ask.ok ? { purpose: ask.spec.purpose, note: ask.note, filters: ask.spec.filters ?? {} } : ask.values;
    failed = { kind, errors: ask.ok ? {} : ask.errors, values: { purpose: values.purpose, note: values.note, filters: Object.fromEntries(filterQuery(values.filters)) } };
  }
  const filterOptions = requestFilterOptions(context.db);
  return data(
    {
      copy: { title: c.title, lead: c.lead, safety: c.safety, purpose: c.purpose, note: c.note, choosePurpose: c.choosePurpose, columnsHeading: c.columnsHeading, errorTitle: c.errorTitle },
      failed: failed ? { kind: failed.kind, errors: Object.fromEntries(Object.entries(failed.errors).map(([k, code]) => [k, c.errors[code]])), values: failed.values } : null,
      kinds: EXPORT_KINDS.map((k) => ({
        kind: k,
        action: exportPath(k),
        heading: c.kinds[k].heading,
        lead: c.kinds[k].lead,
        button: c.kinds[k].button,
        purposes: purposeOptions(k),
        columns: purposesFor(k).map((p) => fill(c.columnsOf, { purpose: purposeOptions(k).find((o) => o.value === p)!.label, columns: columnHeaders(k, p).join(", ") })),
        filters: k === "requests" ? filterOptions : null,
      })),
    },
    { status: failed && Object.keys(failed.errors).length ? 400 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
