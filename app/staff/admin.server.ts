/**
 * Staff's people (accounts, roles, sessions), the audit log and the outbox.
 * Staff only: each route declares it (app/auth/access.ts) and withAccess
 * checks it before these run.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import {
  auditActions,
  deleteSessionOf,
  listAccounts,
  listAuditPage,
  listOutboxPage,
  OUTBOX_STATUSES,
  retryFailedEmail,
  setRole,
} from "../../db/queries/admin";
import { appendAudit, auditActor } from "../../db/queries/audit";
import { actorShown } from "../audit/actor.server";
import { eraseAccount } from "../privacy/erase.server";
import { countHeldEmails, discardHeldEmails, sendHeldEmails } from "../../db/queries/outbox";
import { deleteUserSessions, getUser, listUserSessions, ROLES, upsertUser, type Role } from "../../db/queries/users";
import { signInSchema } from "../auth/schema";
import type { Granted } from "../auth/access.server";
import type { Services } from "../context";
import { notFound } from "../auth/session.server";
import { describeAgent } from "../auth/sign-in.server";
import { fill } from "../content.server";
import { formatDateTime } from "../utils/dates";
import { oneOf, page as pageParam, readListParams, text } from "../utils/list-params";
import { echo, field, readForm } from "../forms/form-data.server";
import { staffContent } from "./content.server";

const NO_STORE = { "Cache-Control": "no-store" };
const PAGE = 50;

function pagination(url: URL, page: number, total: number, copy: { previous: string; next: string; page: string }) {
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = (p: number) => {
    const q = new URLSearchParams(url.search);
    if (p > 1) q.set("page", String(p));
    else q.delete("page");
    const s = q.toString();
    return s ? `${url.pathname}?${s}` : url.pathname;
  };
  return { pages, label: fill(copy.page, { page, pages }), previous: page > 1 ? href(page - 1) : null, next: page < pages ? href(page + 1) : null, previousLabel: copy.previous, nextLabel: copy.next };
}

// --- People --------------------------------------------------------------------

export const personPath = (id: number) => `/staff/people/${id}`;

export async function peopleLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.people;
  const done = new URL(request.url).searchParams;
  return data(
    {
      copy: c,
      notice: done.get("added") ? fill(c.added, { email: done.get("added")!, role: c.roles[(done.get("role") as Role) ?? "convenor"] ?? "" }) : done.get("removed") ? fill(c.person.removed, { email: done.get("removed")! }) : null,
      roles: ROLES.map((r) => ({ value: r, label: c.roles[r] })),
      accounts: listAccounts(context.db).map((a) => ({
        id: a.id,
        email: a.email,
        href: personPath(a.id),
        role: a.role,
        roleLabel: c.roles[a.role],
        groups: a.groups ?? c.noGroups,
        lastSignIn: a.lastSignInAt ? formatDateTime(a.lastSignInAt) : c.never,
        sessions: fill(c.sessionCount, { count: a.sessions }),
      })),
    },
    { headers: NO_STORE },
  );
}

export interface PeopleActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** POST /staff/people: add an account (staff or convenor). */
export async function peopleAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const parsed = signInSchema.safeParse({ email: raw.email });
  const role = field(raw, "role");
  const errors: Record<string, string> = {};
  if (!parsed.success) errors.email = "invalid";
  if (role !== "staff" && role !== "convenor") errors.role = "required";
  if (!parsed.success || (role !== "staff" && role !== "convenor")) return data<PeopleActionData>({ errors, values: echo(raw, signInSchema, ["role"]) }, { status: 400, headers: NO_STORE });
  const email = parsed.data.email;
  writeTransaction(context.db, () => {
    const { user: account, created } = upsertUser(context.db, { email, role });
    appendAudit(context.db, { ...auditActor(user), action: created ? "user_added" : "user_updated", subjectType: "user", subjectId: account.id, detail: { role: account.role } });
  });
  throw redirect(`/staff/people?added=${encodeURIComponent(email)}&role=${role}`, { status: 303, headers: NO_STORE });
}

function personFor(context: Services, id: string | undefined) {
  const user = id && /^\d{1,12}$/.test(id) ? getUser(context.db, Number(id)) : undefined;
  if (!user) throw notFound();
  return user;
}

export async function personLoader({ request, context, params }: LoaderFunctionArgs, { user: me }: Granted) {
  const person = personFor(context, params.id);
  const c = staffContent.people.person;
  const notice = new URL(request.url).searchParams.get("done");
  return data(
    {
      copy: c,
      title: fill(c.title, { email: person.email }),
      id: person.id,
      email: person.email,
      role: person.role,
      roleLabel: staffContent.people.roles[person.role],
      isMe: person.id === me.id,
      removeLabel: fill(c.removeButton, { email: person.email }),
      notice: notice === "revoked" ? c.revoked : notice === "role" ? fill(c.roleChanged, { role: staffContent.people.roles[person.role] }) : notice === "self" ? c.notYourself : null,
      sessions: listUserSessions(context.db, person.id).map((s) => ({
        key: s.createdAt,
        device: describeAgent(s.userAgent) ?? c.unknownDevice,
        started: formatDateTime(s.createdAt),
        lastSeen: formatDateTime(s.lastSeenAt),
      })),
    },
    { headers: NO_STORE },
  );
}

/** POST /staff/people/:id: intent = revoke (one session) | revoke-all | role | remove. */
export async function personAction({ request, context, params }: ActionFunctionArgs, { user: me }: Granted) {
  const person = personFor(context, params.id);
  const raw = await readForm(request);
  const intent = field(raw, "intent");
  const back = (done: string) => redirect(`${personPath(person.id)}?done=${done}`, { status: 303, headers: NO_STORE });
  const audit = (action: string, detail: Record<string, string | number> = {}) =>
    appendAudit(context.db, { ...auditActor(me), action, subjectType: "user", subjectId: person.id, detail });
  if (intent === "revoke") {
    const createdAt = field(raw, "session") ?? "";
    writeTransaction(context.db, () => {
      if (deleteSessionOf(context.db, person.id, createdAt)) audit("session_revoked");
    });
    throw back("revoked");
  }
  if (intent === "revoke-all") {
    writeTransaction(context.db, () => audit("signed_out_everywhere", { sessions: deleteUserSessions(context.db, person.id) }));
    throw back("revoked");
  }
  if (intent === "role") {
    const role = field(raw, "role");
    if (role !== "staff" && role !== "convenor") throw back("role");
    if (person.id === me.id && role !== "staff") throw back("self");
    writeTransaction(context.db, () => {
      if (setRole(context.db, person.id, role)) audit("role_changed", { role });
    });
    throw back("role");
  }
  if (intent === "remove") {
    if (person.id === me.id) throw back("self");
    eraseAccount(context.db, person, me);
    throw redirect(`/staff/people?removed=${encodeURIComponent(person.email)}`, { status: 303, headers: NO_STORE });
  }
  throw data({ message: null }, { status: 400 });
}

// --- Audit log -------------------------------------------------------------------

const SUBJECTS = ["join_request", "group", "user", "session", "export", "privacy", "email"] as const;

export async function auditLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const url = new URL(request.url);
  const c = staffContent.audit;
  const actions = auditActions(context.db);
  const { action, subject, actor, page } = readListParams(url.searchParams, { action: oneOf(actions), subject: oneOf(SUBJECTS), actor: text(100), page: pageParam() });
  const { rows, total } = listAuditPage(context.db, { action, subjectType: subject, actor, limit: PAGE, offset: (page - 1) * PAGE });
  return data(
    {
      copy: c,
      filters: {
        action: action ?? "",
        subject: subject ?? "",
        actor: actor ?? "",
        actions: actions.map((a) => ({ value: a, label: a })),
        subjects: SUBJECTS.map((s) => ({ value: s, label: c.subjects[s] })),
        active: Boolean(action || subject || actor),
      },
      count: fill(c.count, { count: total }),
      rows: rows.map((r) => ({
        id: r.id,
        at: formatDateTime(r.at),
        actor: actorShown(r),
        action: r.action,
        subject: `${c.subjects[r.subjectType as (typeof SUBJECTS)[number]] ?? r.subjectType}${r.subjectId !== null ? ` #${r.subjectId}` : ""}`,
        detail: Object.entries(JSON.parse(r.detail) as Record<string, unknown>)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(", "),
      })),
      pagination: pagination(url, page, total, c),
    },
    { headers: NO_STORE },
  );
}

// --- Outbox --------------------------------------------------------------------

const OUTBOX_PATH = "/staff/outbox";

export async function outboxLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const url = new URL(request.url);
  const c = staffContent.outbox;
  const { status, page } = readListParams(url.searchParams, { status: oneOf(OUTBOX_STATUSES), page: pageParam() });
  const { rows, total } = listOutboxPage(context.db, { status, limit: PAGE, offset: (page - 1) * PAGE });
  const held = countHeldEmails(context.db);
  return data(
    {
      copy: c,
      notice: outboxNotice(url.searchParams),
      held: held ? { text: fill(c.held.text, { count: held }), href: `${OUTBOX_PATH}?status=held`, showing: status === "held" } : null,
      filters: { status: status ?? "", statuses: OUTBOX_STATUSES.map((s) => ({ value: s, label: c.statuses[s] })), active: Boolean(status) },
      count: fill(c.count, { count: total }),
      rows: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        // Retention (after 30 days), an erasure or a discard empties address and content: show that, never anything else.
        to: r.to || (r.status === "discarded" ? c.held.emptied : c.emptied),
        subject: r.subject || (r.status === "discarded" ? c.held.emptied : c.emptied),
        status: r.status,
        statusLabel: c.statuses[r.status],
        attempts: r.attempts,
        created: formatDateTime(r.createdAt),
        lastError: r.lastError,
        canRetry: r.status === "failed" && r.to !== "",
        canSend: r.status === "held" && r.to !== "",
        canDiscard: r.status === "held",
      })),
      pagination: pagination(url, page, total, c),
    },
    { headers: NO_STORE },
  );
}

/** The line above the list after an action (its redirect's query says which, with numbers only). */
function outboxNotice(q: URLSearchParams): string | null {
  const c = staffContent.outbox;
  const n = (key: string) => (/^\d{1,12}$/.test(q.get(key) ?? "") ? q.get(key)! : null);
  const [retried, sent, discarded, sentAll, discardedAll] = ["retried", "sent", "discarded", "sentAll", "discardedAll"].map(n);
  if (retried) return fill(c.retried, { id: retried });
  if (sent) return fill(c.held.sent, { id: sent });
  if (discarded) return fill(c.held.discarded, { id: discarded });
  if (sentAll) return fill(c.held.sentAll, { count: sentAll });
  if (discardedAll) return fill(c.held.discardedAll, { count: discardedAll });
  return null;
}

/** What each outbox button does; one without `intent` is "Send again" on a failed email. */
const OUTBOX_INTENTS = ["retry", "send", "discard", "send-all", "discard-all"] as const;

/**
 * POST /staff/outbox: send again one failed email; send or discard one held
 * email (`id`), or all of them. Each change is audit-logged.
 */
export async function outboxAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const intent = field(raw, "intent") ?? "retry";
  if (!(OUTBOX_INTENTS as readonly string[]).includes(intent)) throw data({ message: null }, { status: 400 });
  const all = intent === "send-all" || intent === "discard-all";
  const id = all ? null : Number(field(raw, "id"));
  if (id !== null && (!Number.isSafeInteger(id) || id <= 0)) throw data({ message: null }, { status: 400 });
  const db = context.db;
  const audit = (action: string, detail: Record<string, number> = {}) =>
    appendAudit(db, { ...auditActor(user), action, subjectType: "email", subjectId: id, detail });
  const back = (query: string) => redirect(`${OUTBOX_PATH}?${query}`, { status: 303, headers: NO_STORE });
  if (intent === "retry") {
    const ok = writeTransaction(db, () => {
      const done = retryFailedEmail(db, id!, new Date());
      if (done) audit("email.retried");
      return done;
    });
    throw back(ok ? `status=failed&retried=${id}` : "status=failed");
  }
  const sending = intent === "send" || intent === "send-all";
  const count = writeTransaction(db, () => {
    const done = sending ? sendHeldEmails(db, id, new Date()) : discardHeldEmails(db, id);
    if (done) audit(sending ? (all ? "email.held_sent_all" : "email.held_sent") : all ? "email.held_discarded_all" : "email.held_discarded", all ? { count: done } : {});
    return done;
  });
  if (!count) throw back("status=held");
  throw back(all ? `status=held&${sending ? "sentAll" : "discardedAll"}=${count}` : `status=held&${sending ? "sent" : "discarded"}=${id}`);
}
