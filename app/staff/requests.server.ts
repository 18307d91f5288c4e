/**
 * Staff's join requests across every group: the filtered, server-sorted list
 * (with its CSV link), decline reason totals, and a request's own page, where
 * staff answer for a silent convenor (through the one decision module,
 * app/join/decisions.server.ts) or move the request to another group.
 * Every loader and action checks for staff itself.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction, type DB } from "../../db/client";
import { appendAudit, auditFor, type AuditRow } from "../../db/queries/audit";
import { actorShown } from "../audit/actor.server";
import { getJoinRequestDetails, type JoinRequestDetails } from "../../db/queries/join-requests";
import {
  AGE_FILTERS,
  alreadyAskedThere,
  declineReasonTotals,
  groupOptions,
  listStaffRequests,
  moveJoinRequest,
  OVERDUE_FILTERS,
  reassignTargets,
  REQUEST_SORTS,
  spendTokensAbout,
  type GroupOption,
  type RequestSort,
  type SortDir,
} from "../../db/queries/staff-requests";
import { convenorsOf, emailKey, type User } from "../../db/queries/users";
import { allowedDecisions, DECISION_PERMISSIONS, DECLINE_REASONS, isOpenStatus, JOIN_REQUEST_STATUSES, NEW_STATUS, nextStatus, type DeclineReason } from "../../machines/join-request";
import type { Granted } from "../auth/access.server";
import { notFound } from "../auth/session.server";
import type { Services } from "../context";
import { fill } from "../content.server";
import { convenorContent } from "../convenor/content.server";
import { link, queueEmail } from "../email/outbox.server";
import { emailContent, writtenBy } from "../email/render.server";
import { CONVENOR_AREA_PATH, DECIDE_PURPOSE, queueMovedRequestEmails } from "../join/join-emails.server";
import { daysSince, formatDate, formatDateTime } from "../utils/dates";
import { echo, field, readForm } from "../forms/form-data.server";
import { receiptLinks } from "../withdraw/links.server";
import { staffContent } from "./content.server";
import { columnHeaders, defaultPurpose, exportPath, purposesFor, type Purpose } from "./exports.server";
import { filterQuery, hasFilters, requestFilterParams, toDbFilter, toRequestFilters, type RequestFilters } from "./request-filters";
import { oneOf, page as pageParam, readListParams, SORT_DIRS } from "../utils/list-params";
import { decideFromForm } from "../convenor/decide-form.server";
import { decisionSchema } from "../convenor/schemas";

const NO_STORE = { "Cache-Control": "no-store" };
export const PAGE_SIZE = 25;
export const REQUESTS_PATH = "/staff/requests";
export const REASONS_PATH = "/staff/requests/reasons";
export const staffRequestPath = (id: number) => `${REQUESTS_PATH}/${id}`;
/** New requests with no answer for this many days are marked in the list. */
const OVERDUE_DAYS = 7;

const DEFAULT_DIR: Record<RequestSort, SortDir> = { received: "desc", group: "asc", status: "asc" };

function ageText(iso: string, now: Date): string {
  const c = staffContent.requests;
  const days = daysSince(iso, now);
  return days === 0 ? c.today : days === 1 ? c.day : fill(c.days, { days });
}

function tabs(current: "list" | "reasons") {
  const t = staffContent.requests.tabs;
  return { label: t.label, items: [{ href: REQUESTS_PATH, label: t.list, current: current === "list" }, { href: REASONS_PATH, label: t.reasons, current: current === "reasons" }] };
}

interface ListState {
  filters: RequestFilters;
  sort: RequestSort;
  dir: SortDir;
  page: number;
  purpose: Purpose;
}

function listHref(s: ListState, change: Partial<ListState> = {}): string {
  const n = { ...s, ...change };
  const q = filterQuery(n.filters);
  if (n.sort !== "received" || n.dir !== DEFAULT_DIR.received) {
    q.set("sort", n.sort);
    q.set("dir", n.dir);
  }
  if (n.purpose !== defaultPurpose("requests")) q.set("purpose", n.purpose);
  if (n.page > 1) q.set("page", String(n.page));
  const query = q.toString();
  return query ? `${REQUESTS_PATH}?${query}` : REQUESTS_PATH;
}

/** /staff/requests: every group's requests, filtered and sorted on the server, 25 a page, with a link to download them all. */
export async function staffRequestsLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const { db } = context;
  const url = new URL(request.url);
  const p = url.searchParams;
  const groups = groupOptions(db);
  const q = readListParams(p, {
    ...requestFilterParams(groups),
    sort: oneOf(REQUEST_SORTS, "received"),
    dir: oneOf(SORT_DIRS),
    page: pageParam(),
    purpose: oneOf(purposesFor("requests"), defaultPurpose("requests")),
  });
  const state: ListState = { filters: toRequestFilters(q, groups), sort: q.sort, dir: q.dir ?? DEFAULT_DIR[q.sort], page: q.page, purpose: q.purpose };
  const now = new Date();
  const { rows, total } = listStaffRequests(db, toDbFilter(state.filters, now), { sort: state.sort, dir: state.dir, limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE });
  const c = staffContent.requests;
  const x = staffContent.exports;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const csvQuery = filterQuery(state.filters);
  csvQuery.set("purpose", state.purpose);
  const purposeLabel = x.purposes[state.purpose];
  const from = total === 0 ? 0 : Math.min(total, (state.page - 1) * PAGE_SIZE + 1);
  return data(
    {
      copy: {
        title: c.title,
        lead: c.lead,
        filtersHeading: c.filtersHeading,
        apply: c.apply,
        clear: c.clear,
        none: c.none,
        previous: c.previous,
        next: c.next,
        columns: c.columns,
        purposeHint: c.purposeHint,
      },
      tabs: tabs("list"),
      filters: {
        values: { ...Object.fromEntries(filterQuery(state.filters)), purpose: state.purpose },
        sort: state.sort,
        dir: state.dir,
        selects: [
          { name: "status", label: c.status, any: c.anyStatus, options: JOIN_REQUEST_STATUSES.map((s) => ({ value: s, label: convenorContent.statuses[s] })) },
          { name: "group", label: c.group, any: c.anyGroup, options: groups.map((g) => ({ value: g.slug, label: g.name })) },
          { name: "age", label: c.age, any: c.anyAge, options: AGE_FILTERS.map((a) => ({ value: a, label: c.ageOptions[a] })) },
          { name: "overdue", label: c.overdue, any: c.anyOverdue, options: OVERDUE_FILTERS.map((o) => ({ value: o, label: c.overdueOptions[o] })) },
        ],
        purpose: { label: c.purpose, options: purposesFor("requests").map((pp) => ({ value: pp, label: x.purposes[pp].charAt(0).toUpperCase() + x.purposes[pp].slice(1) })) },
        active: hasFilters(state.filters),
      },
      sortable: (["name", "group", "received", "status"] as const).map((col) => {
        if (col === "name") return { col, label: c.columns.name, href: null, ariaSort: undefined };
        const sorted = state.sort === col;
        const dir: SortDir = sorted ? (state.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[col];
        return { col, label: c.columns[col], href: listHref(state, { sort: col, dir, page: 1 }), ariaSort: sorted ? (state.dir === "asc" ? ("ascending" as const) : ("descending" as const)) : ("none" as const) };
      }),
      caption: fill(c.caption, { column: c.columns[state.sort].toLowerCase(), direction: c.directions[state.sort][state.dir] }),
      requests: rows.map((r) => {
        const days = daysSince(r.createdAt, now);
        return {
          id: r.id,
          status: r.status,
          statusLabel: convenorContent.statuses[r.status],
          name: r.name || convenorContent.inbox.erasedName,
          href: staffRequestPath(r.id),
          group: r.groupName,
          received: fill(c.received, { date: formatDate(r.createdAt, r.groupTimeZone), age: ageText(r.createdAt, now) }),
          overdue: r.status === NEW_STATUS && days >= OVERDUE_DAYS ? fill(c.noAnswer, { days }) : null,
        };
      }),
      total,
      summary: fill(c.showing, { from, to: Math.min(total, (state.page - 1) * PAGE_SIZE + rows.length), total }),
      csv: {
        action: exportPath("requests"),
        fields: [...csvQuery.entries()].map(([name, value]) => ({ name, value })),
        label: fill(c.download, { total: total.toLocaleString("en-AU") }),
        hint: fill(c.downloadHint, { purpose: purposeLabel, columns: columnHeaders("requests", state.purpose).join(", ") }),
      },
      pagination: {
        pages,
        label: fill(c.page, { page: state.page, pages }),
        previous: state.page > 1 ? listHref(state, { page: state.page - 1 }) : null,
        next: state.page < pages ? listHref(state, { page: state.page + 1 }) : null,
      },
    },
    { headers: NO_STORE },
  );
}

/** /staff/requests/reasons: declined requests by reason, overall and per group. */
export async function declineReasonsLoader({ context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.reasons;
  const totals = declineReasonTotals(context.db);
  const keys = [...DECLINE_REASONS, null] as const;
  const label = (k: DeclineReason | null) => (k === null ? c.unrecorded : (convenorContent.request.reasons[k] ?? k));
  const overall = new Map<DeclineReason | null, number>();
  const byGroup = new Map<number, { name: string; slug: string; counts: Map<DeclineReason | null, number>; total: number }>();
  for (const t of totals) {
    const reason = t.reason !== null && (DECLINE_REASONS as readonly string[]).includes(t.reason) ? t.reason : null;
    overall.set(reason, (overall.get(reason) ?? 0) + t.n);
    const g = byGroup.get(t.groupId) ?? { name: t.groupName, slug: t.groupSlug, counts: new Map(), total: 0 };
    g.counts.set(reason, (g.counts.get(reason) ?? 0) + t.n);
    g.total += t.n;
    byGroup.set(t.groupId, g);
  }
  const all = [...overall.values()].reduce((a, b) => a + b, 0);
  // Columns for the reasons some request was declined for (no empty "no reason recorded" column).
  const shown = keys.filter((k) => k !== null || overall.has(null));
  return data(
    {
      copy: c,
      tabs: tabs("reasons"),
      total: all,
      overall: shown.map((k) => ({ key: k ?? "none", label: label(k), n: overall.get(k) ?? 0, share: all ? `${Math.round(((overall.get(k) ?? 0) / all) * 100)}%` : "0%" })),
      columns: shown.map((k) => ({ key: k ?? "none", label: label(k) })),
      groups: [...byGroup.values()].map((g) => ({ name: g.name, slug: g.slug, total: g.total, counts: shown.map((k) => g.counts.get(k) ?? 0) })),
    },
    { headers: NO_STORE },
  );
}

// --- One request ---------------------------------------------------------------------------

const parseId = (raw: string | undefined) => (raw && /^\d{1,12}$/.test(raw) ? Number(raw) : null);

function staffRequestFor({ context, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const details = id === null ? undefined : getJoinRequestDetails(context.db, id);
  if (!details) throw notFound();
  return details;
}

const oneLine = (name: string) => name.replace(/\s+/g, " ").trim();

function staffTimeline(db: DB, details: JoinRequestDetails) {
  const names = new Map(groupOptions(db).map((g) => [g.id, g.name]));
  const c = convenorContent;
  const p = staffContent.requestPage;
  const groupName = (id: unknown) => (typeof id === "number" ? (names.get(id) ?? p.removedGroup) : p.removedGroup);
  return auditFor(db, "join_request", details.id).map((r: AuditRow) => ({
    id: r.id,
    title: r.action === "request.reassigned" ? fill(p.moved, { from: groupName(r.detail.from), to: groupName(r.detail.to) }) : (c.timeline[r.action] ?? fill(c.timeline.other!, { action: r.action })),
    date: formatDateTime(r.at, details.group.timeZone),
    by: r.actorName !== null && (r.detail.via === "staff" || r.action === "request.reassigned") ? fill(p.byStaff, { email: r.actorName }) : actorShown(r),
  }));
}

export interface StaffRequestActionData {
  form: "decide" | "move";
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

const DONE = ["accepted", "meet_first", "declined", "waiting_list", "moved"] as const;

export async function staffRequestLoader(args: LoaderFunctionArgs, _granted: Granted) {
  const details = staffRequestFor(args);
  const { db } = args.context;
  const p = staffContent.requestPage;
  const r = details;
  const name = oneLine(r.name) || convenorContent.inbox.erasedName;
  const vars = { name, group: r.group.name };
  const done = new URL(args.request.url).searchParams.get("done");
  const doneText = done && (DONE as readonly string[]).includes(done) ? fill(p.done[done as (typeof DONE)[number]], vars) : null;
  const decisions = allowedDecisions(r.status, "staff");
  const open = isOpenStatus(r.status);
  return data(
    {
      copy: {
        back: p.back,
        status: p.status,
        group: p.group,
        received: p.received,
        email: p.email,
        declineReason: p.declineReason,
        meetOn: p.meetOn,
        convenorView: p.convenorView,
        decideHeading: p.decideHeading,
        decision: p.decision,
        meetOnField: p.meetOnField,
        reasonField: p.reasonField,
        messageField: { label: fill(p.messageField.label, vars), hint: p.messageField.hint },
        decideButton: p.decideButton,
        moveHeading: p.moveHeading,
        moveField: p.moveField,
        moveButton: p.moveButton,
        noTargets: p.noTargets,
        errorTitle: p.errorTitle,
        errors: p.errors,
        timelineHeading: p.timelineHeading,
      },
      title: fill(p.title, vars),
      decideLead: fill(p.decideLead, vars),
      moveLead: fill(p.moveLead, vars),
      closedText: open ? null : fill(p.closed, { status: convenorContent.statuses[r.status].toLowerCase() }),
      doneText,
      request: {
        id: r.id,
        status: r.status,
        statusLabel: convenorContent.statuses[r.status],
        name: r.name || convenorContent.inbox.erasedName,
        email: r.email,
        group: { name: r.group.name, href: `/staff/groups/${r.group.slug}` },
        received: `${formatDateTime(r.createdAt, r.group.timeZone)} (${ageText(r.createdAt, new Date())})`,
        meetOn: r.status === "meet_first" && r.meetOn ? formatDate(`${r.meetOn}T12:00:00Z`, r.group.timeZone) : null,
        declineReason: r.status === "declined" && r.declineReason ? (convenorContent.request.reasons[r.declineReason] ?? r.declineReason) : null,
        convenorHref: `/convenor/requests/${r.id}`,
      },
      decisions: decisions.map((d) => ({ value: d, label: p.decisions[d] })),
      reasons: DECISION_PERMISSIONS.staff.declineReasons.map((k) => ({ value: k, label: convenorContent.request.reasons[k] ?? k })),
      targets: open ? reassignTargets(db, r.group.id).map((g) => ({ value: g.slug, label: g.status === "full" ? `${g.name} (${staffContent.groupForm.options.status.full.toLowerCase()})` : g.name })) : [],
      timeline: staffTimeline(db, r),
    },
    { headers: NO_STORE },
  );
}

export async function staffRequestAction(args: ActionFunctionArgs, { user }: Granted) {
  const details = staffRequestFor(args);
  const { context } = args;
  const raw = await readForm(args.request);
  const intent = field(raw, "intent");
  if (intent === "move") {
    const slug = field(raw, "group") ?? "";
    const target = reassignTargets(context.db, details.group.id).find((g) => g.slug === slug);
    if (!target) return data<StaffRequestActionData>({ form: "move", errors: { group: "group" }, values: echo(raw, ["group"]) }, { status: 400, headers: NO_STORE });
    const moved = moveRequest(context, { requestId: details.id, toGroupId: target.id, user });
    if (!moved.ok) {
      const code = moved.reason === "already_there" ? "already_there" : moved.reason === "no_group" ? "group" : "not_allowed";
      return data<StaffRequestActionData>({ form: "move", errors: { group: code }, values: echo(raw, ["group"]) }, { status: 409, headers: NO_STORE });
    }
    context.logger.info("join request moved", { id: details.id, from: details.group.id, to: target.id });
    throw redirect(`${staffRequestPath(details.id)}?done=moved`, { status: 303, headers: NO_STORE });
  }
  if (intent !== "decide") return data<StaffRequestActionData>({ form: "decide", errors: { decision: "not_allowed" }, values: echo(raw, decisionSchema) }, { status: 400, headers: NO_STORE });
  const result = decideFromForm(context, details.id, user, raw);
  if (!result.ok) {
    const errors = result.errors;
    if (result.status === 400 && !field(raw, "decision")) errors.decision = "decision";
    return data<StaffRequestActionData>({ form: "decide", errors, values: echo(raw, decisionSchema) }, { status: result.status, headers: NO_STORE });
  }
  context.logger.info("join request answered", { id: details.id, decision: result.to, via: "staff" });
  throw redirect(`${staffRequestPath(details.id)}?done=${result.to}`, { status: 303, headers: NO_STORE });
}

// --- Moving a request to another group -------------------------------------------------------

export type MoveResult = { ok: true; from: GroupOption; to: GroupOption } | { ok: false; reason: "not_found" | "not_allowed" | "no_group" | "already_there" };

/** Each convenor of a group once: their accounts, or the listed address while it has none (as join-emails.server.ts addresses them). */
function convenorsToTell(db: DB, group: JoinRequestDetails["group"]) {
  const listed = emailKey(group.convenorEmail);
  const accounts = convenorsOf(db, group.id);
  if (accounts.length) return accounts.map((a) => ({ userId: a.userId as number | null, email: a.email, named: emailKey(a.email) === listed }));
  return [{ userId: null, email: group.convenorEmail, named: true }];
}

const part = (key: string, vars: Record<string, string> = {}) => fill(emailContent.parts[key] ?? "", vars);

/**
 * Moves an open request (new, meet first or waiting list) to another open or
 * full group, in one transaction: the request starts again there in the
 * status the statechart gives a move (machines/join-request.ts `moved`: new;
 * db/queries/staff-requests.ts moveJoinRequest), the old group's answer
 * links stop working, the audit log records it (`request.reassigned`, from
 * and to group ids), and the applicant, every convenor of the old group and
 * every convenor of the new one are emailed. Not a decision: nobody answered
 * the request; the chart only allows a move from an open status and starts it again.
 */
export function moveRequest(services: Pick<Services, "db" | "env" | "secrets">, input: { requestId: number; toGroupId: number; user: Pick<User, "id" | "email"> }, now = new Date()): MoveResult {
  const { db, env } = services;
  return writeTransaction(db, (): MoveResult => {
    const before = getJoinRequestDetails(db, input.requestId);
    if (!before) return { ok: false, reason: "not_found" };
    const restarted = nextStatus(before.status, "moved");
    if (!restarted) return { ok: false, reason: "not_allowed" };
    const to = reassignTargets(db, before.group.id).find((g) => g.id === input.toGroupId);
    if (!to) return { ok: false, reason: "no_group" };
    if (alreadyAskedThere(db, before.id, to.id)) return { ok: false, reason: "already_there" };
    if (!moveJoinRequest(db, before.id, { groupId: before.group.id, status: before.status }, { groupId: to.id, status: restarted }, now)) throw new Error("join request changed during its own transaction");
    spendTokensAbout(db, DECIDE_PURPOSE, String(before.id), now);
    const audit = (action: string, actor: { id: number | null; label: string }, detail: Record<string, string | number | boolean | null>) =>
      appendAudit(db, { actorUserId: actor.id, actor: actor.label, action, subjectType: "join_request", subjectId: before.id, groupId: to.id, detail }, now);
    audit("request.reassigned", { id: input.user.id, label: "staff" }, { from: before.group.id, to: to.id, fromStatus: before.status, via: "staff" });
    const after = getJoinRequestDetails(db, before.id)!;
    const round = `moved-${now.getTime()}`;
    const name = writtenBy("applicant", { name: after.name });
    // The old group's convenors: it has gone, and their links no longer work.
    for (const c of convenorsToTell(db, before.group)) {
      queueEmail(db, env, {
        kind: "join.movedAway",
        to: c.email,
        dedupeKey: `join:${before.id}:${round}:old:${c.userId ?? "listed"}`,
        vars: {
          ...name,
          hello: c.named ? part("join.helloNamed", { convenor: before.group.convenorFirstName }) : part("join.hello"),
          fromGroup: before.group.name,
          group: after.group.name,
          requestsUrl: c.userId === null ? "" : link(env, CONVENOR_AREA_PATH),
        },
      });
    }
    // The new group's convenors: the usual copy, with fresh answer links.
    const notices = queueMovedRequestEmails(services, after.id, round, now);
    if (notices.created) audit("email.convenor", { id: null, label: "system" }, { kind: "join.convenor" });
    const applicant = queueEmail(db, env, {
      kind: "join.reassigned",
      to: after.email,
      dedupeKey: `join:${after.id}:${round}:applicant`,
      vars: {
        ...name,
        fromGroup: before.group.name,
        group: after.group.name,
        convenor: after.group.convenorFirstName,
        groupUrl: link(env, `/groups/${after.group.slug}`),
        groupsUrl: link(env, "/groups"),
        withdrawUrl: receiptLinks(services, after.id, now).withdrawUrl,
      },
    });
    if (applicant.created) audit("email.applicant", { id: null, label: "system" }, { kind: "join.reassigned" });
    return { ok: true, from: { id: before.group.id, slug: before.group.slug, name: before.group.name, status: before.group.status }, to };
  });
}
