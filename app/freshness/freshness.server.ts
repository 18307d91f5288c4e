/**
 * "Is the group still meeting?"
 *
 * Every FRESHNESS_EVERY_WEEKS (default 12; 0: never) each group that is not
 * closed has a round: a freshness_checks row and, in the same transaction,
 * one email to each of its convenors (their accounts in group_convenors, or
 * the group's listed convenor address while it has none) with four links:
 * still meeting as listed, taking a break, need help, closing. A round is due
 * when the group was last asked or confirmed that many weeks ago (its latest
 * round, or when it was listed, or groups.verified_at if later).
 *
 * The links follow docs/decisions/005: a GET shows what the answer would do
 * and a button; only the POST acts. Each link is a single-use token (subject
 * the round's id, the answer in its payload). The POST uses it up, records
 * the answer on the round and applies it, with the audit entry and any email
 * to staff, in one transaction. Once a round has an answer, every link of
 * that round (every convenor's) says so and changes nothing.
 *
 * When a round starts and the group's previous round went unanswered (and no
 * convenor has confirmed the listing since), ANZPOP staff are told, once per
 * round. Outbox dedupe keys (`freshness:<checkId>:…`) keep every email to one.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction, type DB } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import {
  getCheck,
  getGroupForCheck,
  insertCheck,
  isFreshnessAnswer,
  isGroupDueForCheck,
  listChecks,
  listGroupsDueForCheck,
  markCheckAnswered,
  markGroupPaused,
  markGroupVerified,
  useUpRoundTokens,
  type FreshnessAnswer,
  type FreshnessCheck,
  type GroupForCheck,
} from "../../db/queries/freshness";
import { getGroupBySlug } from "../../db/queries/groups";
import { checkToken, consumeToken, issueToken, subjectOfSpentToken } from "../../db/queries/tokens";
import { convenorsOf, emailKey, getUser } from "../../db/queries/users";
import type { Services } from "../context";
import { fill } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { linkProblem, messagePage } from "../email/link-pages.server";
import { emailContent } from "../email/render.server";
import { groupsContent } from "../groups/content.server";
import { DAY_MS } from "../utils/duration";
import { formatLongDate } from "../utils/rhythm";
import { formatMonth as monthYear } from "../utils/dates";
import { readFormField } from "../forms/form-data.server";

export type FreshnessServices = Pick<Services, "db" | "env" | "secrets">;

/** Purpose of the tokens behind the four links; their subject is the round's id (freshness_checks.id). */
export const FRESHNESS_PURPOSE = "freshness";
export const CHECK_PATH = "/groups/check";
/** Links work this long, or until the next round if rounds are closer together. */
export const LINK_DAYS = 28;
const WEEK_MS = 7 * DAY_MS;

export const ACTOR = "convenor (email link)";

const PART_KEYS = ["freshness.hello", "freshness.helloNamed", "freshness.neverConfirmed"] as const;
// Fail at start, not in the job, if content/email.json lacks a phrase.
for (const key of PART_KEYS) {
  if (emailContent.parts[key] === undefined) throw new Error(`content/email.json has no parts["${key}"]`);
}
const part = (key: (typeof PART_KEYS)[number], vars: Record<string, string | number> = {}) => fill(emailContent.parts[key]!, vars);

/** How long a round's links work, in days. */
export const linkDays = (weeks: number) => Math.min(LINK_DAYS, weeks * 7);

/** A round starts at the UTC midnight of the day the job finds it due, so two runs on one day meet UNIQUE(group_id, round_start). */
export function roundStartFor(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

const groupUrl = (s: Pick<Services, "env">, slug: string) => link(s.env, `/groups/${slug}`);

interface Recipient {
  /** The convenor's account, or null for the group's listed convenor address (no accounts yet). */
  userId: number | null;
  email: string;
  /** Greeted by the group's listed first name: only when this is that convenor's address. */
  named: boolean;
}

/** Each convenor of the group once: their accounts, or the listed address while the group has none. */
function recipientsOf(db: DB, g: GroupForCheck): Recipient[] {
  const listed = emailKey(g.convenorEmail);
  const accounts = convenorsOf(db, g.id);
  if (accounts.length) return accounts.map((a) => ({ userId: a.userId, email: a.email, named: emailKey(a.email) === listed }));
  return [{ userId: null, email: g.convenorEmail, named: true }];
}

/** The outbox key of a round's email to one convenor: an account id, never an address (keys outlive addresses in the outbox). */
const askKey = (checkId: number, r: Recipient) => `freshness:${checkId}:${r.userId === null ? "listed" : `user:${r.userId}`}`;

/**
 * Rounds in a row, newest first, that had no answer and began after the
 * listing was last confirmed (a confirmation from elsewhere, such as the
 * convenor's area, counts as an answer).
 */
function unansweredInARow(previous: FreshnessCheck[], verifiedAt: string | null): number {
  let n = 0;
  for (const c of previous) {
    if (c.answeredAt || (verifiedAt && verifiedAt >= c.roundStart)) break;
    n++;
  }
  return n;
}

export interface RoundsResult {
  rounds: number;
  emails: number;
  flagged: number;
}

/**
 * The job: starts every round that is due at `now`, each in its own
 * transaction with its emails. Running it again finds nothing due.
 */
export function startDueRounds(s: FreshnessServices, now: Date): RoundsResult {
  const total: RoundsResult = { rounds: 0, emails: 0, flagged: 0 };
  const weeks = s.env.FRESHNESS_EVERY_WEEKS;
  if (!weeks) return total;
  const cutoff = new Date(now.getTime() - weeks * WEEK_MS).toISOString();
  for (const candidate of listGroupsDueForCheck(s.db, cutoff)) {
    const r = writeTransaction(s.db, () => startRound(s, candidate.id, cutoff, weeks, now));
    total.rounds += r.rounds;
    total.emails += r.emails;
    total.flagged += r.flagged;
  }
  return total;
}

function startRound(s: FreshnessServices, groupId: number, cutoff: string, weeks: number, now: Date): RoundsResult {
  const { db } = s;
  const none = { rounds: 0, emails: 0, flagged: 0 };
  // Read again under the write lock: another run may have started it meanwhile.
  if (!isGroupDueForCheck(db, groupId, cutoff)) return none;
  const g = getGroupForCheck(db, groupId)!;
  const previous = listChecks(db, g.id);
  const checkId = insertCheck(db, g.id, roundStartFor(now), now);
  if (checkId === null) return none;

  const secret = s.secrets[0];
  if (!secret) throw new Error("no signing secret");
  const days = linkDays(weeks);
  const recipients = recipientsOf(db, g);
  let emails = 0;
  for (const r of recipients) {
    const url = (answer: FreshnessAnswer) => {
      const payload = r.userId === null ? { answer } : { answer, userId: r.userId };
      const token = issueToken(db, secret, { purpose: FRESHNESS_PURPOSE, subject: String(checkId), payload, ttlMs: days * DAY_MS, now });
      return link(s.env, `${CHECK_PATH}?token=${encodeURIComponent(token)}`);
    };
    const queued = queueEmail(db, s.env, {
      kind: "freshness.ask",
      to: r.email,
      dedupeKey: askKey(checkId, r),
      vars: {
        hello: r.named ? part("freshness.helloNamed", { name: g.convenorFirstName }) : part("freshness.hello"),
        group: g.name,
        weeks,
        groupUrl: groupUrl(s, g.slug),
        stillMeetingUrl: url("still_meeting"),
        pausedUrl: url("paused"),
        needHelpUrl: url("need_help"),
        closingUrl: url("closing"),
        expires: formatLongDate(new Date(now.getTime() + days * DAY_MS), g.timeZone),
      },
    });
    if (queued.created) emails++;
  }

  let flagged = 0;
  const unanswered = unansweredInARow(previous, g.verifiedAt);
  if (unanswered > 0) {
    const queued = queueEmail(db, s.env, {
      kind: "freshness.unanswered",
      to: s.env.STAFF_EMAIL,
      dedupeKey: `freshness:${checkId}:staff-unanswered`,
      vars: {
        group: g.name,
        groupUrl: groupUrl(s, g.slug),
        slug: g.slug,
        convenor: g.convenorFirstName,
        convenorEmails: recipients.map((r) => r.email).join(", "),
        previous: formatLongDate(new Date(previous[0]!.sentAt), g.timeZone),
        rounds: unanswered,
        verified: g.verifiedAt ? formatLongDate(new Date(g.verifiedAt), g.timeZone) : part("freshness.neverConfirmed"),
      },
    });
    if (queued.created) {
      flagged = 1;
      appendAudit(
        db,
        { actorUserId: null, actor: "system", action: "freshness.unanswered", subjectType: "group", subjectId: g.id, groupId: g.id, detail: { checkId, unansweredRounds: unanswered } },
        now,
      );
    }
  }
  return { rounds: 1, emails, flagged };
}

// --- Answers -------------------------------------------------------------------

type Resolved =
  | { kind: "ok"; check: FreshnessCheck; group: GroupForCheck; answer: FreshnessAnswer; tokenId: string; userId: number | null }
  | { kind: "answered"; check: FreshnessCheck; group: GroupForCheck }
  | { kind: "invalid" | "used" | "expired" };

function roundOf(db: DB, subject: string | undefined): { check: FreshnessCheck; group: GroupForCheck } | undefined {
  if (!subject || !/^\d{1,15}$/.test(subject)) return undefined;
  const check = getCheck(db, Number(subject));
  const group = check ? getGroupForCheck(db, check.groupId) : undefined;
  return check && group ? { check, group } : undefined;
}

/** What a link allows now. Reads only. */
function resolve(s: Pick<Services, "db" | "secrets">, token: string | null | undefined, now: Date): Resolved {
  const { db, secrets } = s;
  const t = checkToken(db, secrets, token, FRESHNESS_PURPOSE, now);
  if (!t.ok) {
    if (t.reason === "invalid" || !token) return { kind: "invalid" };
    // The signature was good: say what became of the round.
    const round = roundOf(db, subjectOfSpentToken(db, token, FRESHNESS_PURPOSE));
    if (!round) return { kind: "invalid" };
    if (round.check.answeredAt) return { kind: "answered", ...round };
    return { kind: t.reason };
  }
  const round = roundOf(db, t.token.subject);
  const answer = t.token.payload.answer;
  if (!round || !isFreshnessAnswer(answer)) return { kind: "invalid" };
  if (round.check.answeredAt) return { kind: "answered", ...round };
  const userId = typeof t.token.payload.userId === "number" ? t.token.payload.userId : null;
  return { kind: "ok", ...round, answer, tokenId: t.token.id, userId };
}

export type AnswerResult =
  | { ok: true; answer: FreshnessAnswer; groupId: number; slug: string; checkId: number }
  | { ok: false; resolved: Exclude<Resolved, { kind: "ok" }> };

/**
 * The button: uses the link up (and every other link of its round), records
 * the answer, applies it to the group, writes the audit entry and queues any
 * email to staff, all or nothing. Used by the route's action and the tests.
 */
export function answerCheck(s: FreshnessServices, token: string | null | undefined, now = new Date()): AnswerResult {
  const { db } = s;
  return writeTransaction(db, (): AnswerResult => {
    const r = resolve(s, token, now);
    if (r.kind !== "ok") return { ok: false, resolved: r };
    const { check, group: g, answer } = r;
    if (!consumeToken(db, r.tokenId, now) || !markCheckAnswered(db, check.id, answer, now)) throw new Error("freshness round answered meanwhile");
    useUpRoundTokens(db, FRESHNESS_PURPOSE, String(check.id), now);

    if (answer === "still_meeting") markGroupVerified(db, g.id, now, { endBreak: true });
    else if (answer === "need_help") markGroupVerified(db, g.id, now, { endBreak: false });
    else if (answer === "paused") markGroupPaused(db, g.id, now);
    // "closing": the listing stays as it is until staff close it.

    if (answer === "need_help" || answer === "closing") {
      const answeredBy = (r.userId !== null ? getUser(db, r.userId)?.email : undefined) ?? g.convenorEmail;
      queueEmail(db, s.env, {
        kind: answer === "need_help" ? "freshness.needHelp" : "freshness.closing",
        to: s.env.STAFF_EMAIL,
        dedupeKey: `freshness:${check.id}:staff-answer`,
        vars: {
          group: g.name,
          groupUrl: groupUrl(s, g.slug),
          slug: g.slug,
          convenor: g.convenorFirstName,
          answeredBy,
          answered: formatLongDate(now, g.timeZone),
        },
      });
    }
    appendAudit(
      db,
      { actorUserId: null, actor: ACTOR, action: "freshness.answered", subjectType: "group", subjectId: g.id, groupId: g.id, detail: { answer, checkId: check.id } },
      now,
    );
    return { ok: true, answer, groupId: g.id, slug: g.slug, checkId: check.id };
  });
}

// --- Pages -----------------------------------------------------------------------

const copy = () => groupsContent.check;

/** A link to the group's public page, while it has one. */
const listingLinks = (g: Pick<GroupForCheck, "slug" | "status">) => (g.status === "closed" ? undefined : [{ href: `/groups/${g.slug}`, text: copy().listing }]);

function problemPage(s: Pick<Services, "env">, r: Exclude<Resolved, { kind: "ok" }>) {
  const c = copy();
  switch (r.kind) {
    case "answered": {
      const vars = {
        group: r.group.name,
        answer: r.check.answer ? c.answers[r.check.answer] : "",
        answered: formatLongDate(new Date(r.check.answeredAt!), r.group.timeZone),
      };
      return messagePage({ tone: "problem", title: c.answered.title, paragraphs: [fill(c.answered.text, vars)], links: listingLinks(r.group) }, 410);
    }
    case "expired":
      return linkProblem("expired", { days: linkDays(s.env.FRESHNESS_EVERY_WEEKS || 4), next: c.expiredNext });
    case "used":
      return linkProblem("used");
    case "invalid":
      return linkProblem("invalid");
  }
}

/** GET /groups/check?token=…: what the answer would do, and one button. Changes nothing. ?done=… after answering. */
export async function checkLoader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  if (done !== null) return donePage(context, done, url.searchParams.get("group"));
  const token = url.searchParams.get("token");
  const now = new Date();
  const r = resolve(context, token, now);
  if (r.kind !== "ok") return problemPage(context, r);
  const c = copy();
  const page = c.confirm[r.answer];
  const vars = { group: r.group.name, month: monthYear(now, r.group.timeZone) };
  return messagePage({
    tone: "ask",
    title: fill(page.title, vars),
    paragraphs: [fill(page.text, vars), c.otherAnswer],
    form: { action: CHECK_PATH, button: page.button, fields: { token: token! } },
    links: listingLinks(r.group),
  });
}

async function tokenFromForm(request: Request): Promise<string | null> {
  const fromQuery = new URL(request.url).searchParams.get("token");
  return (await readFormField(request, "token")) || fromQuery;
}

/** POST /groups/check (the button): answers the round, then shows what happened. */
export async function checkAction({ request, context }: ActionFunctionArgs) {
  const result = answerCheck(context, await tokenFromForm(request));
  if (!result.ok) return problemPage(context, result.resolved);
  context.logger.info("freshness answer recorded", { groupId: result.groupId, checkId: result.checkId, answer: result.answer });
  throw redirect(`${CHECK_PATH}?done=${result.answer}&group=${encodeURIComponent(result.slug)}`, { status: 303, headers: { "Cache-Control": "no-store" } });
}

/** After answering. The address carries only the answer and the group's public slug. */
function donePage(s: Pick<Services, "db" | "env">, done: string, slug: string | null) {
  if (!isFreshnessAnswer(done)) return linkProblem("invalid");
  const c = copy();
  const g = slug && /^[a-z0-9-]{1,80}$/.test(slug) ? getGroupBySlug(s.db, slug) : undefined;
  const vars = {
    group: g?.name ?? c.theGroup,
    month: monthYear(g?.verifiedAt ?? new Date(), g?.timeZone ?? "Australia/Sydney"),
    weeks: s.env.FRESHNESS_EVERY_WEEKS,
  };
  return messagePage({
    tone: "done",
    title: c.done[done].title,
    paragraphs: [fill(c.done[done].text, vars)],
    links: g ? listingLinks(g) : undefined,
  });
}
