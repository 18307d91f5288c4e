import type { DB } from "../db/client";
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
    /** The request came from this machine (loopback). */
    clientIsLocal?: boolean;
  }
}
