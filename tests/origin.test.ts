/**
 * Every POST route of the app (from app/routes.ts, each as a document post
 * and as the `.data` post Remix sends with JavaScript on), with the Origin
 * and Sec-Fetch-Site headers browsers really send, against the production
 * server (build/). Back-office routes are posted as staff, signed in with the
 * emailed code.
 *
 * - Refused (403, the page saying why, one log line, no stack): `Origin:
 *   null` or a foreign Origin with no Sec-Fetch-Site, and whatever Origin
 *   says when the browser calls the post cross-site or same-site (a sibling
 *   subdomain is not us). Nothing changes in any table of the SQLite file.
 * - Accepted, never 5xx: no Origin (a client that is not a browser), and
 *   `Sec-Fetch-Site: none`. `Origin: null` with `Sec-Fetch-Site: same-origin`
 *   (a page with a no-referrer policy, a sandboxed frame of ours, a post after
 *   a redirect) gets exactly what a same-origin post of that body gets.
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "../app/routes";
import { askToJoin, Client, DEMO, signIn, type Fields } from "./support/back-office";
import { outboxDrained } from "./support/inbox";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";

interface Entry {
  path?: string;
  index?: boolean;
  children?: Entry[];
}

/** Every route path in app/routes.ts, nested routes included (a layout and its index are one path), with their parameters left in. */
function routePatterns(entries: Entry[], prefix = ""): string[] {
  return [...new Set(patternsOf(entries, prefix))];
}

function patternsOf(entries: Entry[], prefix: string): string[] {
  return entries.flatMap((e) => {
    const here = e.index ? prefix || "/" : `${prefix}/${e.path ?? ""}`.replace(/\/+$/, "") || "/";
    return [...(e.index || e.path ? [here] : []), ...patternsOf(e.children ?? [], e.path ? here : prefix)];
  });
}

const smtp = {} as { s: TestSmtp };
let server: RunningServer;
let db: Database.Database;
let base: string;
let staff: Client;
const ids = { request: 0, staff: 0 };

/** A pattern with real values: a group, a question, a request, staff's own account, an export kind, an unknown page. */
function fill(pattern: string): string {
  return pattern
    .replace(":slug", "hobart")
    .replace(":step", "experience")
    .replace(/^\/(convenor|staff)\/requests\/:id$/, `/$1/requests/${ids.request}`)
    .replace("/staff/people/:id", `/staff/people/${ids.staff}`)
    .replace(":kind", "groups")
    .replace(/\*$/, "no-such-page");
}

/** Bodies that do something real where a post is cheap to repeat; an empty form elsewhere (the action's own answer to it). */
const BODIES: Record<string, Fields> = {
  "/newsletter": { email: "origin-test@example.com", interests: "training_events" },
  "/eligibility/experience": { experience: "workshops" },
  "/contact": { name: "Origin Test", email: "origin-contact@example.com", topic: "other", message: "A question for ANZPOP." },
  "/sign-in": { email: "origin-nobody@example.org" },
};

interface Target {
  path: string;
  body: Fields;
  /** Staff's session cookie for the back office and the account page; nobody's elsewhere (sign-out included). */
  cookie: string;
}

let targets: Target[] = [];

function targetsFor(patterns: string[]): Target[] {
  return patterns.flatMap((pattern) => {
    const path = fill(pattern);
    const cookie = /^\/(convenor|staff|account)(\/|$)/.test(path) ? staff.cookie : "";
    const body = BODIES[path] ?? {};
    // The same post as a fetch with JavaScript on: Remix's single-fetch data URL.
    const data = path === "/" ? "/_root.data" : `${path}.data`;
    return [
      { path, body, cookie },
      { path: data, body, cookie },
    ];
  });
}

interface Answer {
  status: number;
  text: string;
}

async function post(t: Target, headers: Record<string, string>): Promise<Answer> {
  const h: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...headers };
  if (t.cookie) h.cookie = t.cookie;
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(t.body)) for (const x of [v].flat()) body.append(k, x);
  const res = await fetch(`${base}${t.path}`, { method: "POST", headers: h, body, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

/** Every row of every table, as a count and a hash per table: what "nothing changed" is read from. */
function tables(): Record<string, string> {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  return Object.fromEntries(
    names.map((name) => {
      const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all().map((r) => JSON.stringify(r)).sort();
      return [name, `${rows.length} rows, ${createHash("sha256").update(rows.join("\n")).digest("hex").slice(0, 16)}`];
    }),
  );
}

const refusalLines = () => server.output().split("\n").filter((l) => l.includes('"msg":"cross-site form post refused"'));

beforeAll(async () => {
  smtp.s = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.s.url, MAIL_POLL_MS: "100", WEB_CONCURRENCY: "1" });
  base = server.baseURL;
  db = new Database(server.databasePath);
  db.pragma("busy_timeout = 5000");
  const site = { smtp: smtp.s, base, db };
  staff = await signIn(site, DEMO.staff);
  ids.request = await askToJoin(site, "hobart", { name: "Origin Applicant", email: "origin-applicant@example.com", note: "" });
  ids.staff = (db.prepare("SELECT id FROM users WHERE email = ?").get(DEMO.staff) as { id: number }).id;
  targets = targetsFor(routePatterns(routes as Entry[]));
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  await smtp.s?.close();
});

const REFUSED: Record<string, (base: string) => Record<string, string>> = {
  "Origin: null": () => ({ origin: "null" }),
  "a foreign Origin": () => ({ origin: "https://elsewhere.example" }),
  "a foreign Origin, cross-site": () => ({ origin: "https://elsewhere.example", "sec-fetch-site": "cross-site" }),
  "Origin: null, cross-site (another site's sandboxed frame)": () => ({ origin: "null", "sec-fetch-site": "cross-site" }),
  "a sibling subdomain, same-site": (b) => ({ origin: `http://other.localhost:${new URL(b).port}`, "sec-fetch-site": "same-site" }),
};

describe("form posts and where they come from", () => {
  it("covers every POST route: every path in app/routes.ts, as a document post and a .data post", () => {
    const patterns = routePatterns(routes as Entry[]);
    expect(patterns).toContain("/staff/requests/:id");
    expect(patterns).toContain("/convenor");
    expect(targets.length).toBe(patterns.length * 2);
    console.info(`origin test: ${patterns.length} routes, ${targets.length} POST paths`);
  });

  it("refuses posts from another site, or from no site, with 403 and one log line each, and nothing changes in the database", async () => {
    await outboxDrained(db);
    const before = tables();
    const linesBefore = refusalLines().length;
    const wrong: string[] = [];
    let posts = 0;
    for (const t of targets) {
      for (const [label, headers] of Object.entries(REFUSED)) {
        const res = await post(t, headers(base));
        posts++;
        if (res.status !== 403 || !res.text.includes("sent from another website") || /at \w+ \(|Error/.test(res.text)) wrong.push(`${label} ${t.path} → ${res.status}`);
      }
    }
    console.info(`origin test: ${posts} refused posts`);
    expect(wrong).toEqual([]);
    expect(tables()).toEqual(before);
    const lines = refusalLines().slice(linesBefore);
    expect(lines).toHaveLength(posts);
    // Only what the log may hold: the path and why, never an address, a body or a stack.
    for (const line of lines) expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(["level", "msg", "path", "reason", "time"]);
    expect(server.output()).not.toMatch(/"level":"error"|"stack"/);
  });

  it("accepts Origin: null when the browser says same-origin exactly as a same-origin post, and never answers 5xx", async () => {
    const wrong: string[] = [];
    const statuses = new Map<string, number>();
    let posts = 0;
    let withAction = 0;
    for (const t of targets) {
      const same = await post(t, { origin: base, "sec-fetch-site": "same-origin" });
      const nullSame = await post(t, { origin: "null", "sec-fetch-site": "same-origin" });
      const none = await post(t, { "sec-fetch-site": "none" });
      const noOrigin = await post(t, {});
      posts += 4;
      for (const [label, res] of [
        ["same-origin", same],
        ["Origin: null + same-origin", nullSame],
        ["Sec-Fetch-Site: none", none],
        ["no Origin", noOrigin],
      ] as const) {
        if (res.status >= 500 || res.status === 403 || /at \w+ \(/.test(res.text)) wrong.push(`${label} ${t.path} → ${res.status}`);
      }
      if (nullSame.status !== same.status) wrong.push(`Origin: null + same-origin ${t.path} → ${nullSame.status}, same-origin → ${same.status}`);
      statuses.set(String(same.status), (statuses.get(String(same.status)) ?? 0) + 1);
      if (same.status !== 405 && !t.path.endsWith(".data")) withAction++;
    }
    console.info(`origin test: ${posts} accepted posts; ${withAction} routes with an action (the rest 405); same-origin statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(wrong).toEqual([]);
    expect(server.output()).not.toMatch(/"level":"error"|"stack"/);
    // The posts with real bodies did their work: a sign-up, a contact message.
    expect(db.prepare("SELECT count(*) AS n FROM newsletter_signups WHERE email = 'origin-test@example.com'").get()).toEqual({ n: 1 });
    expect((db.prepare("SELECT count(*) AS n FROM contact_messages WHERE email = 'origin-contact@example.com'").get() as { n: number }).n).toBeGreaterThan(0);
  });
});
