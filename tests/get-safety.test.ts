/**
 * A GET never changes anything, and no query string makes one fail: every
 * GET route in app/routes.ts (each parameter filled with a real sample), as
 * someone signed out, a convenor (Ruth, Hobart) and staff, with query
 * strings made by fast-check from the lists' real parameter names and random
 * ones, with random text, unicode, huge and odd numbers as values (a fixed
 * seed per route and role, RUNS each). Against the production server
 * (build/) with its rate limits on.
 *
 * For every route and role: no answer is a 5xx, and every table's rows, read
 * straight from the SQLite file, are the same afterwards as before. The one
 * exclusion is `sessions.last_seen_at`: reading a back-office page as a
 * signed-in person moves their session's last-seen time (at most every 5
 * minutes, app/auth/session.server.ts), which is what keeps a session alive
 * while it is used. Expired sessions are deleted on sight, but none expires
 * here. Rate-limit counts (`rate_limit_hits`) are compared like every other
 * table: only posts are counted (server/rate-limit.ts), so a GET must leave
 * them as they were.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "../app/routes";
import { addAccount, Client, DEMO, signIn } from "./support/back-office";
import { DbWatch } from "./support/db-state";
import { outboxDrained } from "./support/inbox";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";

/** Query strings tried per route and role. */
const RUNS = 20;
const ROLES = ["signed out", "convenor", "staff"] as const;
type Role = (typeof ROLES)[number];

interface RouteEntry {
  path?: string;
  index?: boolean;
  file: string;
  children?: RouteEntry[];
}

/** Every route's full path pattern ("" is the home page). */
function flatten(entries: readonly RouteEntry[], parent = ""): string[] {
  return entries.flatMap((r) => {
    const pattern = r.index ? parent : [parent, r.path ?? ""].filter(Boolean).join("/");
    return [...(r.file ? [pattern] : []), ...(r.children ? flatten(r.children, pattern) : [])];
  });
}

/** Real values for each route parameter; ids are filled in once the server is up. */
const ids = { request: "", user: "" };
const SAMPLES: Record<string, (pattern: string) => string> = {
  slug: () => "hobart",
  step: () => "experience",
  id: (p) => (p.startsWith("staff/people") ? ids.user : ids.request),
  kind: () => "requests",
  "*": () => "no-such-page",
};

function fillIn(pattern: string): string {
  let path = `/${pattern}`;
  for (const param of pattern.match(/:[A-Za-z]+|\*/g) ?? []) {
    const sample = SAMPLES[param.replace(/^:/, "")];
    if (!sample) throw new Error(`no sample value for ${param} in /${pattern}: add one to SAMPLES in tests/get-safety.test.ts`);
    path = path.replace(param, sample(pattern));
  }
  return path;
}

/** Every parameter name a page reads from its query string: lists' page, sort, dir and filters, notices, links' tokens. */
const KEYS = [
  "page", "sort", "dir", "status", "group", "age", "overdue", "purpose", "note", "kind", "action", "subject", "actor",
  "format", "freshness", "region", "from", "to", "done", "saved", "seeded", "people", "emailed", "notified", "told",
  "email", "name", "retried", "added", "removed", "role", "redirectTo", "signedOut", "id", "code", "token", "answer",
  "place", "country", "distanceKm", "q", "key", "change",
];
const VALUES = ["99999999999999999999", "-1", "0", "1e309", "NaN", "Infinity", "1.5", "0x10", "asc", "desc", "new", "declined", "hobart", "requests", "review", "//evil.example/", "/\u0100", "\u0000", "%", "'; DROP TABLE users; --"];

const query = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
        fc.oneof(
          fc.constantFrom(...VALUES),
          fc.string({ maxLength: 40 }),
          fc.string({ unit: "grapheme", maxLength: 20 }),
          fc.string({ unit: "binary", maxLength: 20 }),
          fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
          fc.double().map(String),
          fc.nat().map(String),
        ),
      ),
      { maxLength: 6 },
    ),
    // Written straight into the address, not encoded: what a hand-edited or broken link holds.
    fc.constantFrom("", "&%", "&page=%E2%82", "&dir=%00", "&=&&=", "&page[]=1", "&sort=%C0%AF"),
  )
  .map(([pairs, raw]) => `${new URLSearchParams(pairs).toString()}${raw}`);

/** A stable seed per route and role, so a failure is the same on every run. */
const seedOf = (s: string) => crypto.createHash("sha256").update(s).digest().readInt32LE(0);

let smtp: TestSmtp;
let server: RunningServer;
let db: Database.Database;
const clients = {} as Record<Role, Client>;
// A layout and its index share a path: each path once.
const PATHS = [...new Set(flatten(routes as unknown as RouteEntry[]))];
const tally = { gets: 0, byClass: {} as Record<string, number> };

beforeAll(async () => {
  smtp = await startSmtp();
  // Rate limits on, as in production: a GET must not count towards them.
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: "100", RATE_LIMIT_POSTS_PER_MINUTE: "60", WEB_CONCURRENCY: "1" });
  db = new Database(server.databasePath);
  db.pragma("busy_timeout = 5000");
  // Lists with rows in them: requests to Hobart in every status, one declined with a reason.
  const insert = db.prepare(
    `INSERT INTO join_requests (public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version, distance_km, consented_at, status, created_at, status_changed_at, decline_reason)
     VALUES (?, (SELECT id FROM groups WHERE slug = 'hobart'), ?, ?, ?, 'A note', '[]', '{}', 'match', '[]', 'test', 4.2, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const created = new Date(Date.now() - 3 * 86_400_000).toISOString();
  for (const [i, status] of ["new", "meet_first", "accepted", "declined", "withdrawn", "waiting_list"].entries()) {
    const { id } = insert.get(crypto.randomBytes(12).toString("base64url"), `get-safety-${i}`, `Listed Person ${i}`, `listed-${i}@example.com`, created, status, created, created, status === "declined" ? "too_far" : null) as { id: number };
    if (!ids.request) ids.request = String(id);
  }
  ids.user = String((db.prepare("SELECT id FROM users WHERE email = ?").get(DEMO.hobart) as { id: number }).id);
  addAccount(db, "get-safety-other@example.org", "convenor", ["auckland-ponsonby"]);
  clients["signed out"] = new Client(server.baseURL);
  clients.convenor = await signIn({ smtp, base: server.baseURL }, DEMO.hobart);
  clients.staff = await signIn({ smtp, base: server.baseURL }, DEMO.staff);
  await outboxDrained(db);
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  await smtp?.close();
});

const watch = () => new DbWatch(db, { sessions: ["last_seen_at"] });

describe("GET is safe", () => {
  /** The file as it was before the first GET: every route and role is compared with it. */
  let files: DbWatch;
  beforeAll(() => {
    files = watch();
  });
  afterAll(() => {
    const routesCovered = new Set(PATHS).size;
    console.log(`GET safety: ${routesCovered} routes × ${ROLES.length} roles × ${RUNS} query strings = ${tally.gets} GETs; answers by class ${JSON.stringify(tally.byClass)}`);
  });

  it("covers every route in app/routes.ts with a sample for each parameter", () => {
    expect(PATHS.length).toBeGreaterThan(50);
    ids.request ||= "1";
    ids.user ||= "1";
    for (const p of PATHS) expect(fillIn(p)).toMatch(/^\//);
  });

  it("every list with a page number past SQLite's integers, an unknown sort, direction and filters: its page, not an error", async () => {
    const LISTS = [
      "/staff/requests", "/staff/groups", "/staff/people", "/staff/audit", "/staff/outbox", "/staff/messages", "/staff/privacy",
      "/staff/exports", "/staff/demand", "/staff/funnel", "/convenor", "/convenor/groups",
    ];
    const odd = "page=99999999999999999999&sort=password&dir=sideways&status=%E2%82%AC&group=..%2F&age=-1&overdue=1e309&action=%00&subject=x&actor=%F0%9F%98%80&format=x&freshness=x&region=x&purpose=x";
    for (const list of LISTS) {
      for (const q of ["page=99999999999999999999", "page=-5&sort=name%3BDROP&dir=DESC", odd]) {
        const res = await clients.staff.get(`${list}?${q}`);
        await res.arrayBuffer();
        expect(res.status, `GET ${list}?${q} as staff`).toBe(200);
      }
    }
    expect(files.changed()).toEqual([]);
  });

  for (const pattern of PATHS) {
    it(`/${pattern}: no 5xx and nothing changed, for every role and ${RUNS} random query strings each`, { timeout: 120_000 }, async () => {
      const path = fillIn(pattern);
      for (const role of ROLES) {
        const seen: string[] = [];
        await fc.assert(
          fc.asyncProperty(query, async (q) => {
            const url = q ? `${path}?${q}` : path;
            const res = await clients[role].get(url);
            await res.arrayBuffer();
            tally.gets++;
            const cls = `${String(res.status)[0]}xx`;
            tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
            seen.push(`${res.status} ${url}`);
            expect(res.status, `GET ${url} as ${role}`).toBeLessThan(500);
          }),
          { seed: seedOf(`${pattern} ${role}`), numRuns: RUNS, endOnFailure: true },
        );
        const changed = files.changed();
        // A failure here is this route's alone: the next one is compared with the file as it is now.
        if (changed.length) files.reset();
        expect(changed, `GET ${path} as ${role} changed rows; asked:\n${seen.join("\n")}`).toEqual([]);
      }
    });
  }
});
