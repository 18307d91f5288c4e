/**
 * The emails around a join request, each queued in the outbox inside the
 * transaction that causes it (see app/email/outbox.server.ts):
 *
 * - with the request: the convenor's copy (the consented summary and three
 *   signed, single-use, expiring links as buttons: Accept / Meet first /
 *   Decline, and a link to their requests in the convenor area) and the
 *   applicant's receipt;
 * - with the convenor's answer: the applicant's "the convenor decided" email;
 * - jobs: one reminder to the convenor after REMIND_AFTER_DAYS, and one note
 *   to ANZPOP staff after ESCALATE_AFTER_DAYS without an answer.
 *
 * The convenor's copy and the reminder go to each convenor of the group:
 * their accounts (group_convenors), or the group's listed convenor address
 * while it has none. Each has its own links, and `Reply-To: <applicant>`
 * (the applicant agreed to share their address with the convenor), so that
 * replying writes to the applicant, not to us.
 *
 * Dedupe keys make each email exist at most once: `join:<id>:convenor` (the
 * listed address) or `join:<id>:convenor:<userId>` (an account; never an
 * address, keys outlive addresses in the outbox), likewise
 * `join:<id>:reminder[:<userId>]`, and `…:receipt`, `…:decision:…`,
 * `…:escalation`. Any `join:<id>:convenor…` key means the convenor was
 * emailed (listUnansweredJoinRequests).
 */
import { type DB, writeTransaction } from "../../db/client";
import {
  getJoinRequestDetails,
  JOIN_DECISIONS,
  listUnansweredJoinRequests,
  markJoinRequestEscalated,
  markJoinRequestReminded,
  type JoinDecision,
  type JoinRequestDetails,
} from "../../db/queries/join-requests";
import { appendAudit } from "../../db/queries/audit";
import { issueToken } from "../../db/queries/tokens";
import { convenorsOf, emailKey } from "../../db/queries/users";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { link, queueEmail, type QueueResult } from "../email/outbox.server";
import { emailContent, writtenBy } from "../email/render.server";
import { DAY_MS } from "../utils/duration";
import { receiptLinks } from "../withdraw/links.server";
import type { ConvenorDecision } from "../../machines/join-request";

export type JoinEmailServices = Pick<Services, "db" | "env" | "secrets">;

/** Purpose of the tokens behind the convenor's links; their subject is the join request id. */
export const DECIDE_PURPOSE = "join.decide";
export const DECIDE_PATH = "/join-requests/decide";
export const DECIDE_LINK_DAYS = 14;
export const REMIND_AFTER_DAYS = 7;
export const ESCALATE_AFTER_DAYS = 14;
/** Where a convenor with an account sees all their requests. */
export const CONVENOR_AREA_PATH = "/convenor";

const PART_KEYS = [
  "join.waitingListConvenor",
  "join.waitingListApplicant",
  "join.distanceKm",
  "join.distanceUnderOneKm",
  "join.online",
  "join.noHopes",
  "join.noNote",
  "join.notReminded",
  "join.meetOn",
  "join.hello",
  "join.helloNamed",
] as const;
type PartKey = (typeof PART_KEYS)[number];

// Fail at start, not in a visitor's request, if content/email.json lacks a phrase.
for (const key of PART_KEYS) {
  if (emailContent.parts[key] === undefined) throw new Error(`content/email.json has no parts["${key}"]`);
}

const part = (key: PartKey, vars: Record<string, string | number> = {}) => fill(emailContent.parts[key]!, vars);

/** "Tuesday 24 November 2026", in the group's time zone. */
export function formatDay(iso: string | Date, timeZone: string): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  try {
    return new Intl.DateTimeFormat("en-AU", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat("en-AU", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Australia/Sydney" }).format(d);
  }
}

function optionLabel(options: Record<string, { label: string }>, value: unknown): string {
  return typeof value === "string" ? (options[value]?.label ?? value) : wizardContent.check.notAsked;
}

/**
 * The consented summary, as placeholders for the convenor's email. The name
 * and note are the applicant's own words (writtenBy: never linked, quoted in
 * the email, see app/email/render.server.ts). The email address is not: it
 * passed the plain-mailbox check, and a mail client offering it as a mailto
 * link is what the convenor needs.
 */
function summaryVars(r: JoinRequestDetails): Record<string, string> {
  const s = wizardContent.steps;
  const hopes = r.hopes.map((h) => `- ${(s.hopes.options as Record<string, { label: string }>)[h]?.label ?? h}`);
  const km = r.distanceKm;
  const note = r.note.trim();
  return {
    ...(note ? writtenBy("applicant", { name: r.name, note }) : { ...writtenBy("applicant", { name: r.name }), note: part("join.noNote") }),
    email: r.email,
    group: r.group.name,
    convenor: r.group.convenorFirstName,
    experience: optionLabel(s.experience.options, r.answers.experience),
    practice: optionLabel(s.practice.options, r.answers.practice),
    distance: km === null ? part("join.online") : km < 1 ? part("join.distanceUnderOneKm") : part("join.distanceKm", { km: Math.round(km) }),
    hopes: hopes.length ? hopes.join("\n") : part("join.noHopes"),
    reference: r.publicId,
  };
}

/** Three fresh links, one per answer, each single-use and expiring. */
function decideLinks(s: JoinEmailServices, r: JoinRequestDetails, now: Date): Record<string, string> {
  const secret = s.secrets[0];
  if (!secret) throw new Error("no signing secret");
  const url = (decision: JoinDecision) => {
    const token = issueToken(s.db, secret, { purpose: DECIDE_PURPOSE, subject: String(r.id), payload: { decision }, ttlMs: DECIDE_LINK_DAYS * DAY_MS, now });
    return link(s.env, `${DECIDE_PATH}?token=${encodeURIComponent(token)}`);
  };
  return {
    acceptUrl: url("accepted"),
    meetFirstUrl: url("meet_first"),
    declineUrl: url("declined"),
    expires: formatDay(new Date(now.getTime() + DECIDE_LINK_DAYS * DAY_MS), r.group.timeZone),
  };
}

export interface ConvenorRecipient {
  /** The convenor's account, or null for the group's listed convenor address (no accounts yet). */
  userId: number | null;
  email: string;
  /** Greeted by the group's listed first name: only when this is that convenor's address. */
  named: boolean;
}

/** Each convenor of the request's group once: their accounts, or the listed address while the group has none. */
export function convenorRecipients(db: DB, r: JoinRequestDetails): ConvenorRecipient[] {
  const listed = emailKey(r.group.convenorEmail);
  const accounts = convenorsOf(db, r.group.id);
  if (accounts.length) return accounts.map((a) => ({ userId: a.userId, email: a.email, named: emailKey(a.email) === listed }));
  return [{ userId: null, email: r.group.convenorEmail, named: true }];
}

/**
 * `join:<id>:<what>` for the listed address, `join:<id>:<what>:<userId>` for
 * an account; with a `round` (a request moved to another group), `:<round>`
 * after either, so the new group's convenors are emailed even when an
 * address or account is the same as before.
 */
const dedupeKeyFor = (r: JoinRequestDetails, what: "convenor" | "reminder", to: ConvenorRecipient, round?: string) =>
  `${to.userId === null ? `join:${r.id}:${what}` : `join:${r.id}:${what}:${to.userId}`}${round ? `:${round}` : ""}`;

/** What differs between convenors: the greeting, and the link to their requests (only an account can sign in to see them). */
function recipientVars(s: JoinEmailServices, r: JoinRequestDetails, to: ConvenorRecipient): Record<string, string> {
  return {
    hello: to.named ? part("join.helloNamed", { convenor: r.group.convenorFirstName }) : part("join.hello"),
    requestsUrl: to.userId === null ? "" : link(s.env, CONVENOR_AREA_PATH),
  };
}

/** One result for the convenors' copies: created if any was, capped if all were. */
export interface ConvenorEmailsResult {
  created: boolean;
  capped: boolean;
  each: QueueResult[];
}

const summarise = (each: QueueResult[]): ConvenorEmailsResult => ({ created: each.some((q) => q.created), capped: each.length > 0 && each.every((q) => q.capped), each });

function mustFind(db: DB, id: number): JoinRequestDetails {
  const r = getJoinRequestDetails(db, id);
  if (!r) throw new Error(`join request ${id} not found`);
  return r;
}

/** Each convenor's copy of a request (`join.convenor`), with its own fresh answer links. */
function queueConvenorCopies(s: JoinEmailServices, r: JoinRequestDetails, vars: Record<string, string>, now: Date, round?: string): ConvenorEmailsResult {
  const full = r.group.status === "full";
  return summarise(
    convenorRecipients(s.db, r).map((to) =>
      queueEmail(s.db, s.env, {
        kind: "join.convenor",
        to: to.email,
        dedupeKey: dedupeKeyFor(r, "convenor", to, round),
        replyTo: r.email,
        vars: { ...vars, ...recipientVars(s, r, to), ...decideLinks(s, r, now), waitingList: full ? part("join.waitingListConvenor") : "" },
      }),
    ),
  );
}

/**
 * A request staff moved to another group (app/staff/requests.server.ts): the
 * new group's convenors get the usual copy, under dedupe keys of this
 * `round`, so they are emailed even when an address or account is the same
 * as the old group's. Call inside the transaction that moved it.
 */
export function queueMovedRequestEmails(s: JoinEmailServices, joinRequestId: number, round: string, now = new Date()): ConvenorEmailsResult {
  const r = mustFind(s.db, joinRequestId);
  return queueConvenorCopies(s, r, summaryVars(r), now, round);
}

/**
 * Queues the convenor's email and the applicant's receipt for a new request.
 * Call inside the transaction that inserted it.
 */
export function queueJoinRequestEmails(s: JoinEmailServices, joinRequestId: number, now = new Date()) {
  const r = mustFind(s.db, joinRequestId);
  const vars = summaryVars(r);
  const full = r.group.status === "full";
  const convenor = queueConvenorCopies(s, r, vars, now);
  const receipt = queueEmail(s.db, s.env, {
    kind: "join.receipt",
    to: r.email,
    dedupeKey: `join:${r.id}:receipt`,
    vars: { ...vars, ...receiptLinks(s, r.id, now), waitingList: full ? part("join.waitingListApplicant", { convenor: vars.convenor! }) : "" },
  });
  return { convenor, receipt };
}

/**
 * Queues the applicant's email about the convenor's answer (app/join/decisions.server.ts
 * calls it inside the transaction that records the answer). An accepted
 * member also gets the group's private venue note.
 */
export function queueDecisionEmail(s: JoinEmailServices, r: JoinRequestDetails, decision: ConvenorDecision, message: string, meetOn: string | null, now = new Date()) {
  const venueNote = decision === "accepted" ? groupVenueNote(s.db, r.group.id) : "";
  return queueEmail(s.db, s.env, {
    kind: `join.decision.${decision}`,
    to: r.email,
    // Each answer once: a request can be met first, then accepted.
    dedupeKey: `join:${r.id}:decision:${decision}:${now.getTime()}`,
    vars: {
      ...writtenBy("applicant", { name: r.name }),
      // Empty: the email has no message and no label for one.
      ...writtenBy("convenor", { convenorMessage: message }),
      ...writtenBy("venue", { venue: venueNote }),
      group: r.group.name,
      convenor: r.group.convenorFirstName,
      groupsUrl: link(s.env, "/eligibility"),
      meetOn: meetOn ? part("join.meetOn", { date: formatDay(`${meetOn}T12:00:00Z`, r.group.timeZone) }) : "",
    },
  });
}

function groupVenueNote(db: DB, groupId: number): string {
  const row = db.prepare("SELECT venue_note AS v FROM groups WHERE id = ?").get(groupId) as { v: string } | undefined;
  return row?.v.trim() ?? "";
}

/** Requests with no answer after REMIND_AFTER_DAYS: one reminder each to the group's convenors, with fresh links. Returns how many requests had one queued. */
export function remindConvenors(s: JoinEmailServices, now: Date): number {
  const due = listUnansweredJoinRequests(s.db, "reminded_at", new Date(now.getTime() - REMIND_AFTER_DAYS * DAY_MS), 200);
  let queued = 0;
  for (const r of due) {
    const done = writeTransaction(s.db, () => {
      if (!markJoinRequestReminded(s.db, r.id, now)) return false;
      const vars = summaryVars(r);
      for (const to of convenorRecipients(s.db, r)) {
        queueEmail(s.db, s.env, {
          kind: "join.reminder",
          to: to.email,
          // Once per group the request is in: moved to another group, it can be reminded (and raised) again there.
          dedupeKey: dedupeKeyFor(r, "reminder", to, `g${r.group.id}`),
          replyTo: r.email,
          vars: { ...vars, ...recipientVars(s, r, to), ...decideLinks(s, r, now), received: formatDay(r.createdAt, r.group.timeZone) },
        });
      }
      appendAudit(s.db, { actorUserId: null, actor: "system", action: "request.reminded", subjectType: "join_request", subjectId: r.id, groupId: r.group.id }, now);
      return true;
    });
    if (done) queued++;
  }
  return queued;
}

/** Requests with no answer after ESCALATE_AFTER_DAYS: ANZPOP staff are told once (no applicant details in the email). */
export function escalateUnanswered(s: JoinEmailServices, now: Date): number {
  const due = listUnansweredJoinRequests(s.db, "escalated_at", new Date(now.getTime() - ESCALATE_AFTER_DAYS * DAY_MS), 200);
  let queued = 0;
  for (const r of due) {
    const done = writeTransaction(s.db, () => {
      if (!markJoinRequestEscalated(s.db, r.id, now)) return false;
      const tz = r.group.timeZone;
      queueEmail(s.db, s.env, {
        kind: "join.escalation",
        to: s.env.STAFF_EMAIL,
        dedupeKey: `join:${r.id}:escalation:g${r.group.id}`,
        vars: {
          days: ESCALATE_AFTER_DAYS,
          group: r.group.name,
          reference: r.publicId,
          received: formatDay(r.createdAt, tz),
          convenor: r.group.convenorFirstName,
          convenorEmail: r.group.convenorEmail,
          reminded: r.remindedAt ? formatDay(r.remindedAt, tz) : part("join.notReminded"),
        },
      });
      appendAudit(s.db, { actorUserId: null, actor: "system", action: "request.escalated", subjectType: "join_request", subjectId: r.id, groupId: r.group.id }, now);
      return true;
    });
    if (done) queued++;
  }
  return queued;
}

export const isJoinDecision = (v: unknown): v is JoinDecision => typeof v === "string" && (JOIN_DECISIONS as readonly string[]).includes(v);
