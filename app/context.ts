import type { DB } from "../db/client";
import type { RateLimiter } from "./utils/rate-limit.server";
import type { Env } from "./utils/env.server";
import type { Logger } from "./utils/logger.server";

/** What the server hands every loader and action (see server/app.ts). */
export interface Services {
  db: DB;
  env: Env;
  logger: Logger;
  /** Cookie signing secrets, newest first. */
  secrets: string[];
}

declare module "@remix-run/node" {
  interface AppLoadContext extends Services {}
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce for this response's inline scripts (Content-Security-Policy). */
    cspNonce?: string;
    /** The key /dev/mail answers to: made at start while no SMTP server is set, printed once in the log; unset, /dev/mail is 404. */
    devMailKey?: string;
    /** The client's address as Express computes it under TRUST_PROXY; only for rate limits, never stored or logged. */
    clientAddress?: string;
    /** Shared per-client limits, for limits that depend on what a request does (new wizard sessions). */
    rateLimiter?: RateLimiter;
  }
}
