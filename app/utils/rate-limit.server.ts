/**
 * Per-client rate limits in tiers, counted in SQLite so that every HTTP
 * process shares one count (docs/decisions/010-shared-rate-limits.md).
 *
 * - `forms`: every form post, RATE_LIMIT_POSTS_PER_MINUTE a minute.
 * - `email`: posts that send an email to an address someone typed; much
 *   stricter, since each one reaches a person's inbox.
 * - `session`: new wizard sessions, like forms.
 * - `signin`: asking for a sign-in code and entering one; the strictest.
 *
 * RATE_LIMIT_POSTS_PER_MINUTE=0 turns them all off (load tests). The caps on
 * what one address receives (app/email/recipient-caps.ts) are separate and
 * always on.
 */
import crypto from "node:crypto";
import type { DB } from "../../db/client";
import { countHit, deleteOldHits } from "../../db/queries/rate-limits";

export type Tier = "forms" | "email" | "session" | "signin";

export interface TierRule {
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

export function tierRules(postsPerMinute: number): Record<Tier, TierRule> {
  return {
    forms: { limit: postsPerMinute, windowMs: MINUTE },
    email: { limit: EMAIL_POSTS_PER_15_MINUTES, windowMs: 15 * MINUTE },
    session: { limit: postsPerMinute, windowMs: MINUTE },
    signin: { limit: SIGN_IN_POSTS_PER_15_MINUTES, windowMs: 15 * MINUTE },
  };
}

/** Email-sending posts allowed per client in 15 minutes. */
export const EMAIL_POSTS_PER_15_MINUTES = 10;

/** Sign-in posts (asking for a code, entering one) allowed per client in 15 minutes. */
export const SIGN_IN_POSTS_PER_15_MINUTES = 10;

/** The stricter tier a path's posts also count in, if any. */
export function tierForPath(path: string): Tier | undefined {
  if (path === "/sign-in" || path === "/sign-in/code") return "signin";
  if (path === "/newsletter" || path === "/eligibility/save" || path === "/eligibility/reminder") return "email";
  if (/^\/eligibility\/join\/[^/]+\/?$/.test(path)) return "email";
  if (/^\/(contact|my-data|join-requests\/withdraw)\/?$/.test(path)) return "email";
  return undefined;
}

/** Paths never limited: one-click unsubscribes come from mail providers' shared servers. */
export const UNLIMITED_PATHS = new Set(["/newsletter/unsubscribe", "/eligibility/reminder/cancel"]);

export interface RateLimiter {
  /** Counts a hit; returns seconds to wait if over the limit, else 0. */
  hit(tier: Tier, clientAddress: string, now?: number): number;
  /** Deletes windows that are over. */
  sweep(now?: number): number;
}

export function createRateLimiter({ db, secret, postsPerMinute }: { db: DB; secret: string; postsPerMinute: number }): RateLimiter {
  const rules = tierRules(postsPerMinute);
  const longest = Math.max(...Object.values(rules).map((r) => r.windowMs));
  // Addresses are personal data: only a keyed hash of one is stored.
  const clientKey = (address: string) => crypto.createHmac("sha256", secret).update(address).digest("base64url").slice(0, 22);
  return {
    hit(tier, clientAddress, now = Date.now()) {
      const rule = rules[tier];
      if (postsPerMinute === 0 || rule.limit <= 0) return 0;
      const windowStart = now - (now % rule.windowMs);
      const hits = countHit(db, tier, clientKey(clientAddress), windowStart);
      return hits > rule.limit ? Math.ceil((windowStart + rule.windowMs - now) / 1000) : 0;
    },
    sweep(now = Date.now()) {
      return deleteOldHits(db, now - longest);
    },
  };
}
