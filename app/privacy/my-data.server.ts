/**
 * "See or delete my data", self-service:
 *
 * 1. /my-data: an address. The answer is always the same calm "check your
 *    email" page (/my-data/sent), whether or not we hold anything for it.
 *    A privacy request is stored (the address, kept only while its link
 *    works) and one email queued with a single-use link (7 days), in one
 *    transaction, capped per recipient (privacy.link).
 * 2. /my-data/held?t=…: everything held for the address (app/privacy/erase.server.ts
 *    findEverything), with "Erase all of this". Opening it changes nothing.
 * 3. /my-data/erase?t=…: what erasing does, and the button. The POST uses
 *    the link up and erases, in one transaction (eraseEverything), then
 * 4. /my-data/erased.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import { createPrivacyRequest, forgetExpiredPrivacyRequests, getPrivacyRequest } from "../../db/queries/privacy";
import { checkToken, consumeToken, issueToken } from "../../db/queries/tokens";
import { contactContent } from "../contact/content.server";
import type { MessagePageData } from "../components/message-page";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { link, queueEmail, withinRecipientCap } from "../email/outbox.server";
import { linkProblem, tokenFrom } from "../email/link-pages.server";
import { formatDay } from "../join/join-emails.server";
import { DAY_MS } from "../utils/duration";
import { echo, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { addressHash, eraseEverything, previewErasure, type Everything } from "./erase.server";
import { myDataSchema } from "./schema";

export const MY_DATA_PATH = "/my-data";
export const MY_DATA_SENT_PATH = "/my-data/sent";
export const HELD_PATH = "/my-data/held";
export const ERASE_PATH = "/my-data/erase";
export const ERASED_PATH = "/my-data/erased";
export const PRIVACY_PURPOSE = "privacy.view";
export const PRIVACY_LINK_DAYS = 7;
/** Dates on these pages, when no group's time zone applies. */
const TIME_ZONE = "Australia/Sydney";
const NO_STORE = { "Cache-Control": "no-store" };

const copy = () => contactContent.myData;
const askAgain = () => [{ href: MY_DATA_PATH, text: copy().askAgain }];
const home = () => ({ href: "/", text: contactContent.wayOn.home });

/* ── 1. Asking for a link ─────────────────────────────────────────────── */

export function myDataCopy() {
  const c = copy();
  return { title: c.title, description: c.description, lead: c.lead, email: c.email, privacy: fill(c.privacy, { days: PRIVACY_LINK_DAYS }), button: c.button, errorSummaryTitle: c.errorSummaryTitle };
}
export type MyDataCopy = ReturnType<typeof myDataCopy>;

export function myDataLoader() {
  return { copy: myDataCopy() };
}

export interface MyDataActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/**
 * Stores the request and queues the link, both or neither. Past the
 * address's cap nothing is stored or sent. Returns whether a link was queued
 * (the person asking sees the same page either way).
 */
export function requestDataLink(services: Pick<Services, "db" | "env" | "secrets">, email: string, now = new Date()): boolean {
  const { db, env, secrets } = services;
  const secret = secrets[0];
  if (!secret) throw new Error("no signing secret");
  return writeTransaction(db, () => {
    // Addresses of requests whose link has expired are not kept a moment longer than needed.
    forgetExpiredPrivacyRequests(db, now);
    if (!withinRecipientCap(db, "privacy.link", email)) return false;
    const expiresAt = new Date(now.getTime() + PRIVACY_LINK_DAYS * DAY_MS);
    const id = createPrivacyRequest(db, { email: email.trim(), emailHash: addressHash(secret, email), via: "self", expiresAt, now });
    const token = issueToken(db, secret, { purpose: PRIVACY_PURPOSE, subject: String(id), ttlMs: PRIVACY_LINK_DAYS * DAY_MS, now });
    queueEmail(db, env, {
      kind: "privacy.link",
      to: email.trim(),
      dedupeKey: `privacy:${id}:link`,
      vars: { viewUrl: link(env, `${HELD_PATH}?t=${encodeURIComponent(token)}`), days: PRIVACY_LINK_DAYS },
    });
    appendAudit(db, { actorUserId: null, actor: "person (form)", action: "privacy.requested", subjectType: "privacy", subjectId: id, detail: { via: "self" } }, now);
    return true;
  });
}

export async function myDataAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const parsed = myDataSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<MyDataActionData>({ errors, values: echo(raw, myDataSchema) }, { status: 400 });
  }
  const queued = requestDataLink(context, parsed.data.email);
  context.logger.info("privacy link requested", { queued });
  throw redirect(MY_DATA_SENT_PATH, { status: 303 });
}

export function myDataSentLoader(): MessagePageData {
  const c = copy();
  return { tone: "done", title: c.sentTitle, paragraphs: [fill(c.sentText, { days: PRIVACY_LINK_DAYS }), c.sentJunk], links: [home()] };
}

/* ── The link: what it is for ─────────────────────────────────────────── */

type Resolved = { ok: true; requestId: number; email: string; tokenId: string } | { ok: false; response: ReturnType<typeof linkProblem> };

function resolve(services: Pick<Services, "db" | "secrets">, token: string | null, now = new Date()): Resolved {
  const { db, secrets } = services;
  const check = checkToken(db, secrets, token, PRIVACY_PURPOSE, now);
  if (!check.ok) {
    if (check.reason === "used") return { ok: false, response: calm(copy().used, 410) };
    return { ok: false, response: linkProblem(check.reason, { days: PRIVACY_LINK_DAYS, next: check.reason === "expired" ? copy().expiredNext : undefined, links: askAgain() }) };
  }
  const request = getPrivacyRequest(db, Number(check.token.subject));
  // Its address is gone: erased through another link, or forgotten.
  if (!request?.email) return { ok: false, response: calm(copy().gone, 410) };
  return { ok: true, requestId: request.id, email: request.email, tokenId: check.token.id };
}

/** A calm page for a link that has done its job (not an error: nothing is wrong). */
function calm(t: { title: string; text: string }, status: number) {
  return data<MessagePageData>({ tone: "done", title: t.title, paragraphs: [t.text], links: [...askAgain(), home()] }, { status, headers: NO_STORE });
}

/* ── 2. What we hold ──────────────────────────────────────────────────── */

export interface HeldRow {
  key: string;
  value: string;
  /** A person's own words: shown as written, kept in its lines. */
  quote?: boolean;
}

export interface HeldSection {
  heading: string;
  paragraphs: string[];
  items: Array<{ title?: string; rows: HeldRow[] }>;
}

export interface HeldPageData {
  title: string;
  lead: string;
  sections: HeldSection[];
  nothing: string | null;
  erase: { heading: string; text: string; button: string; href: string } | null;
}

const day = (iso: string, tz = TIME_ZONE) => formatDay(iso, tz);

function sectionsFor(e: Everything): HeldSection[] {
  const h = copy().held;
  const sections: HeldSection[] = [];
  const hopeLabels = wizardContent.steps.hopes.options as Record<string, { label: string }>;
  if (e.joinRequests.length) {
    const j = h.joinRequests;
    sections.push({
      heading: j.heading,
      paragraphs: [j.shared],
      items: e.joinRequests.map((r) => ({
        title: r.group.name,
        rows: [
          { key: j.sent, value: day(r.createdAt, r.group.timeZone) },
          { key: j.status, value: j.statuses[r.status] },
          { key: j.reference, value: r.publicId },
          { key: j.name, value: r.name },
          { key: j.note, value: r.note.trim() || j.noNote, quote: r.note.trim() !== "" },
          { key: j.hopes, value: r.hopes.length ? r.hopes.map((x) => hopeLabels[x]?.label ?? x).join("; ") : j.noHopes },
        ],
      })),
    });
  }
  if (e.newsletter) {
    const n = h.newsletter;
    const s = e.newsletter;
    const interestLabels = wizardContent.newsletter.interests.options as Record<string, { label: string }>;
    const status = s.unsubscribedAt ? "unsubscribed" : s.confirmedAt ? "subscribed" : "unconfirmed";
    sections.push({
      heading: n.heading,
      paragraphs: [],
      items: [
        {
          rows: [
            { key: n.status, value: n.statuses[status] },
            { key: n.since, value: day(s.createdAt) },
            { key: n.interests, value: s.interests.length ? s.interests.map((x) => interestLabels[x]?.label ?? x).join("; ") : n.noInterests },
            { key: n.area, value: s.place ?? n.noArea },
            { key: n.waitingList, value: s.waitingSince ? n.waitingYes : n.waitingNo },
          ],
        },
      ],
    });
  }
  if (e.rechecks.length) {
    sections.push({ heading: h.rechecks.heading, paragraphs: e.rechecks.map((r) => fill(h.rechecks.due, { date: day(r.dueAt) })), items: [] });
  }
  if (e.contactMessages.length) {
    const c = h.contact;
    const topics = contactContent.contact.topic.options;
    sections.push({
      heading: c.heading,
      paragraphs: [],
      items: e.contactMessages.map((m) => ({
        rows: [
          { key: c.sent, value: day(m.createdAt) },
          { key: c.topic, value: topics[m.topic] },
          { key: c.status, value: c.statuses[m.status] },
          { key: c.message, value: m.message, quote: true },
        ],
      })),
    });
  }
  const toYou = Object.values(e.emails.toAddress).reduce((a, b) => a + b, 0);
  if (toYou || e.emails.mentioning) {
    const m = h.emails;
    sections.push({
      heading: m.heading,
      paragraphs: [...(toYou ? [fill(m.toYou, { count: toYou })] : []), ...(e.emails.mentioning ? [fill(m.mentioning, { count: e.emails.mentioning })] : []), m.note],
      items: [],
    });
  }
  if (e.signInCodes || e.tokens) {
    const o = h.other;
    sections.push({
      heading: o.heading,
      paragraphs: [...(e.signInCodes ? [fill(o.signIn, { count: e.signInCodes })] : []), ...(e.tokens ? [fill(o.tokens, { count: e.tokens })] : [])],
      items: [],
    });
  }
  if (e.account || e.listedConvenorOf.length) {
    const k = h.kept;
    const groups = e.listedConvenorOf.map((g) => g.name).join(", ");
    sections.push({
      heading: k.heading,
      paragraphs: [...(e.account ? [fill(k.account, { role: k.roles[e.account.role] })] : []), ...(groups ? [fill(k.listing, { groups })] : [])],
      items: [],
    });
  }
  return sections;
}

export function heldPage(services: Pick<Services, "db">, email: string, token: string): HeldPageData {
  const h = copy().held;
  const preview = previewErasure(services.db, email);
  const sections = sectionsFor(preview.everything);
  return {
    title: h.title,
    lead: fill(h.lead, { email: preview.everything.email }),
    sections,
    nothing: sections.length ? null : h.nothing,
    erase: preview.empty ? null : { heading: h.eraseHeading, text: h.eraseText, button: h.eraseButton, href: `${ERASE_PATH}?t=${encodeURIComponent(token)}` },
  };
}

/** GET /my-data/held?t=…: everything held for the link's address. Changes nothing. */
export async function heldLoader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const r = resolve(context, token);
  if (!r.ok) return r.response;
  return data<HeldPageData | MessagePageData>(heldPage(context, r.email, token!), { headers: NO_STORE });
}

/* ── 3. Erasing ───────────────────────────────────────────────────────── */

export interface ErasePageData {
  title: string;
  lead: string;
  points: string[];
  backups: string;
  button: string;
  action: string;
  keep: { href: string; text: string };
}

/** GET /my-data/erase?t=…: what erasing does, and the button. Changes nothing. */
export async function eraseLoader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const r = resolve(context, token);
  if (!r.ok) return r.response;
  const c = copy().erase;
  const page: ErasePageData = {
    title: fill(c.title, { email: r.email.trim().toLowerCase() }),
    lead: c.lead,
    points: c.points,
    backups: c.backups,
    button: c.button,
    action: `${ERASE_PATH}?t=${encodeURIComponent(token!)}`,
    keep: { href: `${HELD_PATH}?t=${encodeURIComponent(token!)}`, text: c.keep },
  };
  return data<ErasePageData | MessagePageData>(page, { headers: NO_STORE });
}

/** POST /my-data/erase?t=…: uses the link up and erases everything, all or nothing. */
export async function eraseAction({ request, context }: ActionFunctionArgs) {
  const token = await tokenFrom(request);
  const now = new Date();
  const { db } = context;
  const r = resolve(context, token, now);
  if (!r.ok) return r.response;
  // Not inside a transaction of ours: the erasure checkpoints the WAL once it has committed. Its own
  // transaction checks the link again and uses it up, so that two clicks racing erase once.
  const result = eraseEverything(context, r.email, { kind: "self" }, {
    requestId: r.requestId,
    guard: () => {
      const again = resolve(context, token, now);
      return again.ok && again.tokenId === r.tokenId && consumeToken(db, r.tokenId, now);
    },
    now,
  });
  // The link was used meanwhile (two clicks racing): the other one erased it.
  if (!result) return calm(copy().used, 410);
  context.logger.info("privacy erasure", { request: result.requestId, ...result.counts, mailFilesDeleted: result.leftovers.mailFiles, walEmptied: result.leftovers.checkpoint.done });
  throw redirect(ERASED_PATH, { status: 303, headers: NO_STORE });
}

/* ── 4. Done ──────────────────────────────────────────────────────────── */

export function erasedLoader(): MessagePageData {
  const c = copy().erased;
  return { tone: "done", title: c.title, paragraphs: [c.text, c.backups], links: [home(), { href: "/groups", text: contactContent.wayOn.findGroup }] };
}
