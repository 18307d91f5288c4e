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
