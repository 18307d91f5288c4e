/**
 * The convenor's inbox and a request's own page. Each route declares who may
 * use it (app/auth/access.ts): signed in (else /sign-in), and for one request,
 * a convenor of its group or staff (else 404, the same as no such request);
 * withAccess checks it before these run and hands them the user and the request.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { auditFor, type AuditRow } from "../../db/queries/audit";
import { actorShown } from "../audit/actor.server";
import { listGroupSummaries, countByStatus, listInbox } from "../../db/queries/inbox";
import type { JoinRequestDetails } from "../../db/queries/join-requests";
import { allowedDecisions, DECISION_PERMISSIONS, JOIN_REQUEST_STATUSES } from "../../machines/join-request";
import type { User } from "../../db/queries/users";
import type { Granted, GrantedRecord } from "../auth/access.server";
import { visibleGroupIds } from "../auth/session.server";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { daysSince, formatDate, formatDateTime } from "../utils/dates";
import { oneOf, page as pageParam, readListParams } from "../utils/list-params";
import { echo, readForm } from "../forms/form-data.server";
import { convenorContent } from "./content.server";
import { decideFromForm } from "./decide-form.server";
import { decisionSchema } from "./schemas";

const NO_STORE = { "Cache-Control": "no-store" };
export const PAGE_SIZE = 25;
export const INBOX_PATH = "/convenor";
export const requestPath = (id: number) => `/convenor/requests/${id}`;

function ageText(iso: string, now: Date): string {
  const c = convenorContent.inbox;
  const days = daysSince(iso, now);
  return days === 0 ? c.today : days === 1 ? c.day : fill(c.days, { days });
}

/** The inbox: requests for the groups this person may see, filtered by status and group, newest first, 25 a page. */
export async function inboxLoader({ request, context }: LoaderFunctionArgs, { user }: Granted) {
  const url = new URL(request.url);
  const groupIds = visibleGroupIds(context, user);
  const groups = listGroupSummaries(context.db, groupIds);
  const q = readListParams(url.searchParams, { status: oneOf(JOIN_REQUEST_STATUSES), group: oneOf(groups.map((g) => g.slug)), page: pageParam() });
  const { status, page } = q;
  const group = groups.find((g) => g.slug === q.group);
  const { rows, total } = listInbox(context.db, { groupIds, status, groupId: group?.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const counts = countByStatus(context.db, { groupIds, groupId: group?.id });
  const now = new Date();
  const c = convenorContent;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageHref = (p: number) => {
    const q = new URLSearchParams();
    if (status) q.set("status", status);
    if (group) q.set("group", group.slug);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `${INBOX_PATH}?${s}` : INBOX_PATH;
  };
  return data(
    {
      copy: c.inbox,
      statusLabels: c.statuses,
      lead: user.role === "staff" ? c.inbox.staffLead : c.inbox.lead,
      filters: {
        status: status ?? "",
        group: group?.slug ?? "",
        statuses: JOIN_REQUEST_STATUSES.map((s) => ({ value: s, label: `${c.statuses[s]} (${counts[s] ?? 0})` })),
        groups: groups.map((g) => ({ value: g.slug, label: g.name })),
        active: Boolean(status || group),
      },
      requests: rows.map((r) => ({
        id: r.id,
        status: r.status,
        statusLabel: c.statuses[r.status],
        name: r.name || c.inbox.erasedName,
        group: r.groupName,
        href: requestPath(r.id),
        received: fill(c.inbox.received, { date: formatDate(r.createdAt, r.groupTimeZone), age: ageText(r.createdAt, now) }),
      })),
      summary: fill(c.inbox.count, { count: rows.length, total }),
      pagination: {
        page,
        pages,
        label: fill(c.inbox.page, { page, pages }),
        previous: page > 1 ? pageHref(page - 1) : null,
        next: page < pages ? pageHref(page + 1) : null,
      },
    },
    { headers: NO_STORE },
  );
}

function optionLabel(options: Record<string, { label: string }>, value: unknown): string {
  return typeof value === "string" ? (options[value]?.label ?? value) : wizardContent.check.notAsked;
}

function timeline(rows: AuditRow[], timeZone: string) {
  const c = convenorContent;
  return rows.map((r) => ({
    id: r.id,
    title: c.timeline[r.action] ?? fill(c.timeline.other!, { action: r.action }),
    date: formatDateTime(r.at, timeZone),
    by: actorShown(r),
  }));
}

function requestPage(context: Services, details: JoinRequestDetails, user: Pick<User, "role">) {
  const c = convenorContent.request;
  const s = wizardContent.steps;
  const tz = details.group.timeZone;
  const erased = details.name === "" && details.email === "";
  const vars = { name: erased ? convenorContent.inbox.erasedName : details.name.replace(/\s+/g, " ").trim(), group: details.group.name };
  const km = details.distanceKm;
  const role = user.role === "staff" ? "staff" : "convenor";
  const decisions = allowedDecisions(details.status, role);
  return {
    copy: c,
    statusLabels: convenorContent.statuses,
    title: fill(c.title, vars),
    answerLead: fill(c.answerLead, vars),
    erasedText: erased ? c.erased : null,
    request: {
      id: details.id,
      status: details.status,
      statusLabel: convenorContent.statuses[details.status],
      name: erased ? convenorContent.inbox.erasedName : details.name,
      email: details.email,
      received: formatDateTime(details.createdAt, tz),
      experience: optionLabel(s.experience.options, details.answers.experience),
      practice: optionLabel(s.practice.options, details.answers.practice),
      distance: km === null ? c.online : km < 1 ? c.underKm : fill(c.km, { km: Math.round(km) }),
      hopes: details.hopes.map((h) => (s.hopes.options as Record<string, { label: string }>)[h]?.label ?? h),
      note: details.note,
      meetOn: details.status === "meet_first" && details.meetOn ? formatDate(`${details.meetOn}T12:00:00Z`, tz) : null,
      meetNote: details.status === "meet_first" ? details.meetNote : "",
      declineReason: details.status === "declined" && details.declineReason ? c.reasons[details.declineReason] : null,
      group: { name: details.group.name, slug: details.group.slug },
    },
    decisions: decisions.map((d) => ({ decision: d, button: fill(c.buttons[d], vars), explain: c.explain[d] })),
    /** The decline reasons this person may give (machines/join-request.ts DECISION_PERMISSIONS). */
    reasons: DECISION_PERMISSIONS[role].declineReasons.map((k) => ({ value: k, label: c.reasons[k] })),
    closedText: decisions.length ? null : fill(c.closed, { status: convenorContent.statuses[details.status].toLowerCase() }),
    messageLabel: fill(c.message.label, vars),
    timeline: timeline(auditFor(context.db, "join_request", details.id), tz),
  };
}

export async function requestLoader(args: LoaderFunctionArgs, { record: details, user }: GrantedRecord<"request">) {
  const done = new URL(args.request.url).searchParams.get("done");
  const c = convenorContent.request;
  const doneText = done && (c.done as Record<string, string>)[done] ? fill((c.done as Record<string, string>)[done]!, { name: details.name.replace(/\s+/g, " ").trim() }) : null;
  return data({ ...requestPage(args.context, details, user), doneText }, { headers: NO_STORE });
}

export interface DecisionActionData {
  decision: string;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function requestAction(args: ActionFunctionArgs, { record: details, user }: GrantedRecord<"request">) {
  const { context } = args;
  const raw = await readForm(args.request);
  const asked = typeof raw.decision === "string" ? raw.decision : "";
  const result = decideFromForm(context, details.id, user, raw);
  if (!result.ok) return data<DecisionActionData>({ decision: asked, errors: result.errors, values: echo(raw, decisionSchema) }, { status: result.status, headers: NO_STORE });
  context.logger.info("join request answered", { id: details.id, decision: result.to, via: user.role === "staff" ? "staff" : "page" });
  throw redirect(`${requestPath(details.id)}?done=${result.to}`, { status: 303, headers: NO_STORE });
}
