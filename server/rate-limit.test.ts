import express from "express";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../db/client";
import { migrate } from "../db/migrate";
import { createLogger } from "../app/utils/logger.server";
import { createRateLimiter, EMAIL_POSTS_PER_15_MINUTES } from "../app/utils/rate-limit.server";
import { rateLimits } from "./rate-limit";

/** Two "HTTP processes": two Express apps, each with its own connection to one SQLite file. */
const file = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-rate-")), "r.db");
const dbs: DB[] = [];
const bases: string[] = [];
const closers: (() => void)[] = [];

async function serve(trustProxy: boolean | string) {
  const db = openDatabase(file);
  dbs.push(db);
  const app = express();
  app.set("trust proxy", trustProxy);
  app.use(rateLimits(createRateLimiter({ db, secret: "test-secret-test-secret", postsPerMinute: 3 }), createLogger("silent")));
  app.all("*", (_req, res) => res.send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  closers.push(() => server.close());
}

beforeAll(async () => {
  migrate(openDatabase(file));
  await serve(false);
  await serve(false);
  await serve("loopback");
});
afterAll(() => {
  for (const c of closers) c();
  for (const db of dbs) db.close();
});

const post = (base: string, p: string, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { method: "POST", headers });

describe("shared rate limits", () => {
  it("counts one client's posts across processes: the fourth in a minute is refused, whichever process gets it", async () => {
    const [a, b] = bases as [string, string];
    const statuses = [(await post(a, "/form")).status, (await post(b, "/form")).status, (await post(a, "/form")).status, (await post(b, "/form")).status];
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await fetch(`${a}/form`)).status).toBe(200);
    expect((await post(b, "/newsletter/unsubscribe")).status).toBe(200);
    const refused = await post(a, "/form");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toMatch(/wait a few minutes/);
  });

  it("stores no client address, only a keyed hash of it", () => {
    const rows = dbs[0]!.prepare("SELECT tier, client FROM rate_limit_hits").all() as { tier: string; client: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.client).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it("keys by X-Forwarded-For only where a proxy is trusted", async () => {
    const [a, , trusting] = bases as [string, string, string];
    // Not trusted: a made-up X-Forwarded-For changes nothing, this client is still over its limit.
    expect((await post(a, "/form", { "X-Forwarded-For": "203.0.113.9" })).status).toBe(429);
    // Trusted (loopback proxy): each forwarded client has its own count.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(trusting, "/form", { "X-Forwarded-For": "198.51.100.7" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await post(trusting, "/form", { "X-Forwarded-For": "198.51.100.8" })).status).toBe(200);
  });

  it("limits email-sending posts in a stricter tier of their own", () => {
    const db = dbs[0]!;
    const limiter = createRateLimiter({ db, secret: "another-secret-another", postsPerMinute: 1000 });
    const now = Date.UTC(2026, 10, 29, 10, 0, 0);
    const waits = Array.from({ length: EMAIL_POSTS_PER_15_MINUTES + 1 }, (_, i) => limiter.hit("email", "192.0.2.1", now + i * 1000));
    expect(waits.slice(0, -1).every((w) => w === 0)).toBe(true);
    expect(waits.at(-1)).toBeGreaterThan(0);
    // Another client, and the same client in the next window, start afresh.
    expect(limiter.hit("email", "192.0.2.2", now)).toBe(0);
    expect(limiter.hit("email", "192.0.2.1", now + 15 * 60_000)).toBe(0);
    // Old windows are swept.
    expect(limiter.sweep(now + 60 * 60_000)).toBeGreaterThan(0);
  });

  it("is off, every tier, when the setting is 0", () => {
    const limiter = createRateLimiter({ db: dbs[0]!, secret: "s-s-s-s-s-s-s-s-s-s", postsPerMinute: 0 });
    for (let i = 0; i < 50; i++) expect(limiter.hit("email", "192.0.2.3")).toBe(0);
  });
});
