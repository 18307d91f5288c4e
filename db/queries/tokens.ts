import crypto from "node:crypto";
import type { DB } from "../client";

/**
 * Links in emails carry `<id>.<signature>`: a random id and an HMAC over the
 * id and purpose. The row holds what the token is for, when it expires and
 * whether it has been used, so a link works once, until it expires, and only
 * as issued.
 */
export interface Token {
  id: string;
  purpose: string;
  subject: string;
  payload: Record<string, unknown>;
  expiresAt: string;
  usedAt: string | null;
}

export type TokenCheck =
  | { ok: true; token: Token }
  | { ok: false; reason: "invalid" | "used" | "expired" };

const sign = (secret: string, id: string, purpose: string) =>
  crypto.createHmac("sha256", secret).update(`${purpose}:${id}`).digest("base64url");

export function issueToken(
  db: DB,
  secret: string,
  t: { purpose: string; subject: string; payload?: Record<string, unknown>; ttlMs: number; now?: Date },
): string {
  const id = crypto.randomBytes(16).toString("base64url");
  const now = t.now ?? new Date();
  db.prepare("INSERT INTO tokens (id, purpose, subject, payload, expires_at) VALUES (?, ?, ?, ?, ?)").run(
    id,
    t.purpose,
    t.subject,
    JSON.stringify(t.payload ?? {}),
    new Date(now.getTime() + t.ttlMs).toISOString(),
  );
  return `${id}.${sign(secret, id, t.purpose)}`;
}

/** Checks a token from a link without using it up (for the confirmation page a GET shows). */
export function checkToken(db: DB, secrets: string[], value: string | null | undefined, purpose: string, now = new Date()): TokenCheck {
  if (!value || value.length > 200) return { ok: false, reason: "invalid" };
  const [id, signature, extra] = value.split(".");
  if (!id || !signature || extra !== undefined) return { ok: false, reason: "invalid" };
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, id, purpose));
    const given = Buffer.from(signature);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
  if (!valid) return { ok: false, reason: "invalid" };
  const row = db
    .prepare("SELECT id, purpose, subject, payload, expires_at AS expiresAt, used_at AS usedAt FROM tokens WHERE id = ? AND purpose = ?")
    .get(id, purpose) as (Omit<Token, "payload"> & { payload: string }) | undefined;
  if (!row) return { ok: false, reason: "invalid" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.expiresAt <= now.toISOString()) return { ok: false, reason: "expired" };
  return { ok: true, token: { ...row, payload: JSON.parse(row.payload) } };
}

/** Uses a token up. Returns false if it was used meanwhile (two clicks racing). Call inside the transaction that acts on it. */
export function consumeToken(db: DB, id: string, now = new Date()): boolean {
  return db.prepare("UPDATE tokens SET used_at = ? WHERE id = ? AND used_at IS NULL").run(now.toISOString(), id).changes === 1;
}

/**
 * A link that keeps working, such as one subscriber's unsubscribe link in
 * every email they get: `<subject>.<HMAC over purpose and subject>`, with no
 * row and no expiry. Only for acts that are safe to repeat.
 */
export function stableToken(secret: string, purpose: string, subject: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(subject)) throw new Error("stable token subjects are short ids");
  return `${subject}.${sign(secret, subject, `stable:${purpose}`)}`;
}

/** The subject of a valid stable token for `purpose`, or null. */
export function checkStableToken(secrets: string[], value: string | null | undefined, purpose: string): string | null {
  if (!value || value.length > 200) return null;
  const [subject, signature, extra] = value.split(".");
  if (!subject || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(subject)) return null;
  const given = Buffer.from(signature);
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, subject, `stable:${purpose}`));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
  return valid ? subject : null;
}

/** How many tokens were issued for a purpose and subject since a time (to cap emails a form can trigger). */
export function countTokensSince(db: DB, purpose: string, subject: string, since: Date): number {
  return (
    db.prepare("SELECT count(*) AS n FROM tokens WHERE purpose = ? AND subject = ? AND created_at > ?").get(purpose, subject, since.toISOString()) as { n: number }
  ).n;
}

/**
 * The subject of a token checkToken refused as used or expired (so its
 * signature was good): lets a page say what the link was for. Never call it
 * for a token that failed its signature check.
 */
export function subjectOfSpentToken(db: DB, value: string, purpose: string): string | undefined {
  const id = value.split(".")[0];
  const row = db.prepare("SELECT subject FROM tokens WHERE id = ? AND purpose = ?").get(id, purpose) as { subject: string } | undefined;
  return row?.subject;
}

/** Empties what used or expired tokens of a purpose carried (e.g. a copy of someone's answers). Returns how many. */
export function clearSpentPayloads(db: DB, purpose: string, now = new Date()): number {
  return db
    .prepare("UPDATE tokens SET payload = '{}' WHERE purpose = ? AND payload != '{}' AND (used_at IS NOT NULL OR expires_at <= ?)")
    .run(purpose, now.toISOString()).changes;
}

/** Tokens are deleted this long after they expire; until then a spent link can still say what it was for. */
export const TOKEN_KEEP_DAYS = 90;

/** Deletes tokens that expired more than `days` ago. Returns how many. */
export function deleteLongExpiredTokens(db: DB, now: Date, days = TOKEN_KEEP_DAYS): number {
  return db.prepare("DELETE FROM tokens WHERE expires_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?, ?)").run(now.toISOString(), `-${days} days`).changes;
}
