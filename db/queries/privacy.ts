/**
 * "See or delete my data": the requests (privacy_requests), and the reads and
 * writes that find and erase what is held for one email address, table by
 * table. app/privacy/erase.server.ts puts them together (findEverything,
 * previewErasure, eraseEverything); staff will call the same code.
 *
 * Addresses are matched normalised (`key`: trimmed, lower case), like the
 * outbox's recipient_key. Personal data: never log what these return.
 */
import type { DB } from "../client";
import type { JoinRequestStatus } from "../../machines/join-request";

const iso = (d: Date) => d.toISOString();

/* ── Requests ─────────────────────────────────────────────────────────── */

export type PrivacyRequestVia = "self" | "staff";

export interface PrivacyRequest {
  id: number;
  /** The address, only while the emailed link can be used; null once erased or expired. */
  email: string | null;
  emailHash: string;
  via: PrivacyRequestVia;
  createdAt: string;
  expiresAt: string;
  erasedAt: string | null;
  forgottenAt: string | null;
  /** Counts by kind of what was erased. */
  erased: Record<string, number>;
}

const REQUEST = `id, email, email_hash AS emailHash, via, created_at AS createdAt, expires_at AS expiresAt,
  erased_at AS erasedAt, forgotten_at AS forgottenAt, erased`;
const toRequest = (r: Record<string, unknown>): PrivacyRequest => ({ ...(r as unknown as PrivacyRequest), erased: JSON.parse(r.erased as string) });

export function createPrivacyRequest(db: DB, r: { email: string | null; emailHash: string; via: PrivacyRequestVia; expiresAt: Date; now: Date }): number {
  const result = db
    .prepare("INSERT INTO privacy_requests (email, email_hash, via, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
    .run(r.email, r.emailHash, r.via, iso(r.now), iso(r.expiresAt));
  return Number(result.lastInsertRowid);
}

export function getPrivacyRequest(db: DB, id: number): PrivacyRequest | undefined {
  const r = db.prepare(`SELECT ${REQUEST} FROM privacy_requests WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return r ? toRequest(r) : undefined;
}

/** For the back office: newest first, without the address (`holdsAddress` says whether the row still has it). */
export function listPrivacyRequests(db: DB, f: { limit: number; offset: number }): { rows: Array<Omit<PrivacyRequest, "email"> & { holdsAddress: boolean }>; total: number } {
  const total = (db.prepare("SELECT count(*) AS n FROM privacy_requests").get() as { n: number }).n;
  const rows = (db.prepare(`SELECT ${REQUEST} FROM privacy_requests ORDER BY id DESC LIMIT ? OFFSET ?`).all(f.limit, f.offset) as Record<string, unknown>[]).map((r) => {
    const { email, ...rest } = toRequest(r);
    return { ...rest, holdsAddress: email !== null };
  });
  return { rows, total };
}

/** Requests made for one address (by its keyed hash), newest first. */
export function privacyRequestsByHash(db: DB, emailHash: string): PrivacyRequest[] {
  return (db.prepare(`SELECT ${REQUEST} FROM privacy_requests WHERE email_hash = ? ORDER BY id DESC`).all(emailHash) as Record<string, unknown>[]).map(toRequest);
}

/** Empties the address of requests whose link has expired. Returns how many. */
export function forgetExpiredPrivacyRequests(db: DB, now: Date): number {
  return db.prepare("UPDATE privacy_requests SET email = NULL, forgotten_at = ? WHERE email IS NOT NULL AND expires_at <= ?").run(iso(now), iso(now)).changes;
}

/** Empties the address of every request for it (all its links stop showing anything). Returns how many. */
export function forgetPrivacyRequestsFor(db: DB, key: string, now: Date): number {
  return db.prepare("UPDATE privacy_requests SET email = NULL, forgotten_at = ? WHERE email IS NOT NULL AND lower(trim(email)) = ?").run(iso(now), key).changes;
}

/** Records an erasure on its request: when, and counts by kind. */
export function markPrivacyRequestErased(db: DB, id: number, counts: Record<string, number>, now: Date): void {
  db.prepare("UPDATE privacy_requests SET erased_at = ?, erased = ?, email = NULL, forgotten_at = coalesce(forgotten_at, ?) WHERE id = ?").run(
    iso(now),
    JSON.stringify(counts),
    iso(now),
    id,
  );
}

/* ── What is held for an address ──────────────────────────────────────── */

export interface HeldJoinRequest {
  id: number;
  publicId: string;
  name: string;
  note: string;
  hopes: string[];
  status: JoinRequestStatus;
  createdAt: string;
  statusChangedAt: string | null;
  group: { id: number; name: string; slug: string; timeZone: string };
}

/** When a join request's person had it erased, or null. */
export function joinRequestErasedAt(db: DB, id: number): string | null {
  return (db.prepare("SELECT erased_at AS erasedAt FROM join_requests WHERE id = ?").get(id) as { erasedAt: string | null } | undefined)?.erasedAt ?? null;
}

/** Join requests sent from this address and not yet erased, oldest first. */
export function joinRequestsFrom(db: DB, key: string): HeldJoinRequest[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.public_id AS publicId, r.name, r.note, r.hopes, r.status, r.created_at AS createdAt, r.status_changed_at AS statusChangedAt,
              g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, g.time_zone AS groupTimeZone
       FROM join_requests r JOIN groups g ON g.id = r.group_id
       WHERE lower(trim(r.email)) = ? AND r.erased_at IS NULL ORDER BY r.id`,
    )
    .all(key) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    publicId: r.publicId as string,
    name: r.name as string,
    note: r.note as string,
    hopes: JSON.parse(r.hopes as string) as string[],
    status: r.status as JoinRequestStatus,
    createdAt: r.createdAt as string,
    statusChangedAt: r.statusChangedAt as string | null,
    group: { id: r.groupId as number, name: r.groupName as string, slug: r.groupSlug as string, timeZone: r.groupTimeZone as string },
  }));
}

export interface HeldNewsletterSignup {
  id: number;
  interests: string[];
  place: string | null;
  distanceKm: number | null;
  acceptsOnline: boolean;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  waitingSince: string | null;
}

/** The address's newsletter sign-up (confirmed or not, subscribed or not), with its waiting-list place. */
export function newsletterSignupOf(db: DB, key: string): HeldNewsletterSignup | undefined {
  const r = db
    .prepare(
      `SELECT id, interests, place, distance_km AS distanceKm, accepts_online AS acceptsOnline, created_at AS createdAt,
              confirmed_at AS confirmedAt, unsubscribed_at AS unsubscribedAt, waiting_since AS waitingSince
       FROM newsletter_signups WHERE email = ?`,
    )
    .get(key) as Record<string, unknown> | undefined;
  if (!r) return undefined;
  return { ...(r as unknown as HeldNewsletterSignup), interests: JSON.parse(r.interests as string) as string[], acceptsOnline: r.acceptsOnline === 1 };
}

export interface HeldRecheck {
  id: number;
  months: number;
  dueAt: string;
  createdAt: string;
}

/** Re-check reminders still holding the address (not yet sent or cancelled: those hold none). */
export function rechecksFor(db: DB, key: string): HeldRecheck[] {
  return db
    .prepare("SELECT id, months, due_at AS dueAt, created_at AS createdAt FROM recheck_reminders WHERE email IS NOT NULL AND lower(trim(email)) = ? ORDER BY id")
    .all(key) as HeldRecheck[];
}

export interface HeldEmails {
  /** Kept copies of emails sent (or waiting to be sent) to the address, by kind. */
  toAddress: Record<string, number>;
  /** Kept copies of emails to others (a convenor, staff) that mention the address. */
  mentioning: number;
}

/** `key` as it appears in our HTML email bodies (escaped like render.server.ts escapes text). */
const inHtml = (key: string) => key.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Characters an address can hold next to `key` and make it another address ("jo@x.org" inside "anjo@x.org" or "jo@x.org.au"). */
const ADDRESS_BEFORE = /[a-z0-9!#$%&'*+/=?^_`{|}~.-]/;
const ADDRESS_AFTER = /^(?:[a-z0-9-]|\.[a-z0-9])/;

/** Whether `text` holds the address `key` (lower case) itself, not as part of a longer address. */
export function mentionsAddress(text: string, key: string): boolean {
  if (!key) return false;
  const t = text.toLowerCase();
  for (let i = t.indexOf(key); i >= 0; i = t.indexOf(key, i + 1)) {
    const before = i > 0 ? t[i - 1]! : "";
    const after = t.slice(i + key.length, i + key.length + 2);
    if ((!before || !ADDRESS_BEFORE.test(before)) && !ADDRESS_AFTER.test(after)) return true;
  }
  return false;
}

/**
 * Outbox rows to the address, or (not yet emptied) that mention it in their
 * subject, bodies, headers or last error: a convenor's copy of a request
 * names the applicant's address, and Reply-To holds it.
 */
function outboxRowsFor(db: DB, key: string): { id: number; toAddress: boolean; kind: string }[] {
  const html = inHtml(key);
  const candidates = db
    .prepare(
      `SELECT id, kind, recipient_key = @key AS toAddress, subject, text_body AS text, html_body AS html, headers, coalesce(last_error, '') AS lastError
       FROM outbox WHERE recipient_key = @key OR (to_address != '' AND (instr(lower(subject), @key) > 0 OR instr(lower(text_body), @key) > 0
         OR instr(lower(html_body), @html) > 0 OR instr(lower(headers), @key) > 0 OR instr(lower(coalesce(last_error, '')), @key) > 0))`,
    )
    .all({ key, html }) as { id: number; kind: string; toAddress: number; subject: string; text: string; html: string; headers: string; lastError: string }[];
  return candidates
    .filter((r) => r.toAddress === 1 || [r.subject, r.text, r.headers, r.lastError].some((f) => mentionsAddress(f, key)) || mentionsAddress(r.html, html))
    .map((r) => ({ id: r.id, toAddress: r.toAddress === 1, kind: r.kind }));
}

/** Outbox rows to or mentioning the address (rows already emptied by retention hold nothing). */
export function emailsHeldFor(db: DB, key: string): HeldEmails {
  const toAddress: Record<string, number> = {};
  let mentioning = 0;
  for (const r of outboxRowsFor(db, key)) {
    if (r.toAddress) toAddress[r.kind] = (toAddress[r.kind] ?? 0) + 1;
    else mentioning++;
  }
  return { toAddress, mentioning };
}

/** Pending sign-ins typed with an address that has no account (an account's are the staff's to handle). */
export function signInCodesWithoutAccount(db: DB, key: string): number {
  return (db.prepare("SELECT count(*) AS n FROM sign_in_codes WHERE email_key = ? AND user_id IS NULL").get(key) as { n: number }).n;
}

/** Tokens behind emailed links whose payload mentions the address (a newsletter change waiting for confirmation). */
export function tokensMentioning(db: DB, key: string): number {
  return (db.prepare("SELECT count(*) AS n FROM tokens WHERE instr(lower(payload), ?) > 0").get(JSON.stringify(key)) as { n: number }).n;
}

/** Groups whose public listing gives this address as the convenor's. */
export function groupsListingConvenor(db: DB, key: string): { id: number; name: string; slug: string }[] {
  return db.prepare("SELECT id, name, slug FROM groups WHERE lower(trim(convenor_email)) = ? ORDER BY name").all(key) as { id: number; name: string; slug: string }[];
}

/* ── Erasing ──────────────────────────────────────────────────────────── */

/**
 * Empties join requests of everything about the person (name, address, note,
 * hopes, answers, distance, the meeting note written to them) and unlinks
 * them from the browser's answers; group, status, codes and dates stay for
 * counts. Returns the wizard sessions they were linked to.
 */
export function anonymiseJoinRequests(db: DB, ids: number[], now: Date): string[] {
  const sessions: string[] = [];
  const read = db.prepare("SELECT wizard_session_id AS s FROM join_requests WHERE id = ?");
  const write = db.prepare(
    `UPDATE join_requests SET name = '', email = '', note = '', hopes = '[]', answers = '{}', distance_km = NULL, meet_note = '',
       wizard_session_id = 'erased:' || id, erased_at = ? WHERE id = ? AND erased_at IS NULL`,
  );
  for (const id of ids) {
    const row = read.get(id) as { s: string } | undefined;
    if (row && !row.s.startsWith("erased:")) sessions.push(row.s);
    write.run(iso(now), id);
  }
  return sessions;
}

/** Deletes wizard answers by their session ids. Returns how many. */
export function deleteWizardSessions(db: DB, ids: string[]): number {
  const del = db.prepare("DELETE FROM wizard_sessions WHERE id = ?");
  return ids.reduce((n, id) => n + del.run(id).changes, 0);
}

/**
 * Erases a newsletter sign-up (and its waiting-list place). The row stays as
 * an empty placeholder, unsubscribed, with no address or preferences, so that
 * its id (which old unsubscribe links and "a group opened" dedupe keys name)
 * is never given to someone who signs up later. Its confirmation links go.
 */
export function eraseNewsletterSignup(db: DB, id: number, now: Date): void {
  db.prepare(
    `UPDATE newsletter_signups SET email = 'erased:' || id, interests = '[]', country = NULL, place = NULL, area_id = NULL, lat = NULL, lon = NULL,
       distance_km = NULL, accepts_online = 0, outcome = NULL, reasons = NULL, rule_version = NULL, confirmed_at = NULL,
       unsubscribed_at = coalesce(unsubscribed_at, @now), waiting_since = NULL, updated_at = @now WHERE id = @id`,
  ).run({ id, now: iso(now) });
  db.prepare("DELETE FROM tokens WHERE purpose = 'newsletter-confirm' AND subject = ?").run(`signup:${id}`);
}

/** Cancels the address's re-check reminders and forgets it (as a cancel does). Returns how many. */
export function cancelRechecksFor(db: DB, key: string, now: Date): number {
  return db
    .prepare("UPDATE recheck_reminders SET email = NULL, cancelled_at = coalesce(cancelled_at, ?) WHERE email IS NOT NULL AND lower(trim(email)) = ?")
    .run(iso(now), key).changes;
}

export function deleteSignInCodesWithoutAccount(db: DB, key: string): number {
  return db.prepare("DELETE FROM sign_in_codes WHERE email_key = ? AND user_id IS NULL").run(key).changes;
}

/** Empties the payload of tokens that mention the address. Returns how many. */
export function clearTokensMentioning(db: DB, key: string): number {
  return db.prepare("UPDATE tokens SET payload = '{}' WHERE instr(lower(payload), ?) > 0").run(JSON.stringify(key)).changes;
}

/**
 * Empties outbox rows to or mentioning the address, as retention does after
 * 30 days (kind, Message-ID and dedupe key stay, so nothing is sent twice).
 * One still waiting to be sent is given up: nothing is left to send.
 * Returns the ids of the rows emptied (their saved .eml files go too).
 */
export function emptyOutboxFor(db: DB, key: string): number[] {
  const empty = db.prepare(
    `UPDATE outbox SET to_address = '', subject = '', text_body = '', html_body = '', headers = '{}', last_error = NULL,
       status = CASE status WHEN 'pending' THEN 'failed' WHEN 'held' THEN 'discarded' ELSE status END
     WHERE id = ?`,
  );
  return outboxRowsFor(db, key).flatMap((r) => (empty.run(r.id).changes ? [r.id] : []));
}

/** The groups an account convenes, by name (to show an account under "not erased here"). */
export function groupsConvenedBy(db: DB, userId: number): { id: number; name: string; slug: string }[] {
  return db
    .prepare("SELECT g.id, g.name, g.slug FROM group_convenors c JOIN groups g ON g.id = c.group_id WHERE c.user_id = ? ORDER BY g.name")
    .all(userId) as { id: number; name: string; slug: string }[];
}
