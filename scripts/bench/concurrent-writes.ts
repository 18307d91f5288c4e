/**
 * Concurrent writers: the production server with WEB_CONCURRENCY=2 HTTP
 * processes (the primary migrates and runs the outbox worker, delivering to a
 * real `smtp-server`), and N clients that each loop, for a fixed time, over
 * the four things visitors write:
 *
 * - newsletter sign-ups (POST /newsletter → 303 /newsletter/thanks);
 * - join requests: a fresh wizard session walked to an outcome that offers the
 *   demo groups (tests/support/wizard-client.ts), then POST
 *   /eligibility/join/<slug> → 303 …/sent;
 * - "email me a link to continue" (POST /eligibility/save → 303 ?sent=1);
 * - the convenor's Accept / Meet first / Decline links, taken from the emails
 *   the SMTP server received: GET the link's page, then press its button
 *   (POST its form). Every third decision is three clicks at once, two on the
 *   same link and one on another link of the same request: exactly one may
 *   be acknowledged, the others must get a calm page (410 "already answered"),
 *   never a 500 (docs/decisions/005-links-in-emails.md).
 *
 * Every submission uses a fresh address. Every response is counted by status.
 * A submission is acknowledged when its POST got the app's success redirect.
 * After the run the outbox is drained (polled with a deadline), then the
 * SQLite file is read to check each acknowledged submission is stored exactly
 * once. Last, with the server stopped, a bare better-sqlite3 loop of
 * single-row INSERTs, each in its own BEGIN IMMEDIATE transaction, on a fresh
 * WAL file opened by db/client.ts's openDatabase (same pragmas), gives the
 * baseline write rate.
 *
 * All of it runs in a fresh Node process (as scripts/bench/load-client.ts
 * does for the round trips): the load generator, the SMTP server and the
 * bare loop do not carry the bench process's heap, which by then holds a
 * whole Vite build of the empty Remix app.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { decode } from "../../tests/support/inbox";
import { startServer, type RunningServer } from "../../tests/support/server";
import { startSmtp, type TestSmtp } from "../../tests/support/smtp";
import { finishWizard, HOBART_GROUPS, isJoinSent, postJoin, Visitor, type FormFields } from "../../tests/support/wizard-client";
import { ratio, summarize, table } from "./stats";

export interface ConcurrentWritesOptions {
  clients: number;
  seconds: number;
  /** HTTP processes (WEB_CONCURRENCY). */
  processes: number;
  /** The outbox worker's poll interval (MAIL_POLL_MS). */
  mailPollMs: number;
  /** How long to wait for the outbox to drain after the run. */
  drainTimeoutMs: number;
}

export const CONCURRENT_WRITES_DEFAULTS: ConcurrentWritesOptions = { clients: 8, seconds: 10, processes: 2, mailPollMs: 50, drainTimeoutMs: 180_000 };

const KINDS = ["newsletter", "join", "save", "decision"] as const;
type Kind = (typeof KINDS)[number];

export interface KindResult {
  kind: Kind;
  /** Submissions sent (a raced decision counts once per click). */
  attempted: number;
  acknowledged: number;
  /** Acknowledged, but not found in the database as they should be. */
  lost: number;
  /** Acknowledged, and stored more than once (or, for decisions, acknowledged more than once for one request). */
  duplicated: number;
  /** Not acknowledged, yet stored: the client saw an error for a change that was made. */
  storedUnacknowledged: number;
  /** Latency of the submitting POST, ms. */
  p50: number;
  p95: number;
  lastFailure?: string;
}

export interface ConcurrentWritesResult {
  options: ConcurrentWritesOptions;
  elapsedS: number;
  requests: number;
  perSecond: number;
  statuses: Record<string, number>;
  over500: number;
  networkErrors: number;
  lastNetworkError?: string;
  routes: Array<{ route: string; statuses: Record<string, number> }>;
  kinds: KindResult[];
  acknowledged: number;
  ackPerSecond: number;
  /** Every POST answered with a redirect (wizard answers included): what the database was asked to write. */
  postsRedirected: number;
  lost: number;
  duplicated: number;
  races: { count: number; oneDecision: number; loserStatuses: Record<string, number> };
  /** Acknowledged join requests whose convenor email was queued (the rest were over the convenor's per-recipient cap). */
  convenorEmailsQueued: number;
  emails: { delivered: number; receivedRaw: number; outboxSent: number; outboxPending: number; outboxFailed: number; sentNotReceived: number; drained: boolean; drainMs: number };
  /** From the server's own log: 5xx responses by route, and the errors it printed. */
  server5xxRoutes: Array<{ route: string; count: number }>;
  serverErrors: Array<{ count: number; message: string; frames: string[] }>;
  logPath: string;
  bare: { inserts: number; seconds: number; perSecond: number };
  /** 1-minute load average when the load started and when the bare loop ended: other work on the machine shows here. */
  loadAverage: { before: number; after: number };
}

/* ── Counting HTTP ─────────────────────────────────────────────────────────── */

interface Tally {
  requests: number;
  statuses: Record<string, number>;
  routes: Record<string, Record<string, number>>;
  networkErrors: number;
  lastNetworkError?: string;
  postsRedirected: number;
}

/** A route pattern for a path, so counts group by route, not by slug or step. */
export function routeOf(method: string, pathAndQuery: string): string {
  const p = pathAndQuery.split("?")[0]!;
  const pattern = p
    .replace(/^\/eligibility\/join\/[^/]+\/sent$/, "/eligibility/join/:slug/sent")
    .replace(/^\/eligibility\/join\/[^/]+$/, "/eligibility/join/:slug")
    .replace(/^\/eligibility\/(?!save$|resume$|outcome$|reminder$|join\/)[^/]+$/, "/eligibility/:step");
  return `${method} ${pattern}`;
}

/** The wizard client, counting every response; the body is read here, once, and handed on. */
class CountingVisitor extends Visitor {
  constructor(
    base: string,
    private readonly tally: Tally,
  ) {
    super(base);
  }

  override async request(method: "GET" | "POST", p: string, fields?: FormFields): Promise<Response> {
    this.tally.requests++;
    let res: Response;
    let body: string;
    try {
      res = await super.request(method, p, fields);
      body = await res.text();
    } catch (error) {
      this.tally.networkErrors++;
      this.tally.lastNetworkError = `${method} ${p.split("?")[0]}: ${error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error)}`;
      throw error;
    }
    const status = String(res.status);
    this.tally.statuses[status] = (this.tally.statuses[status] ?? 0) + 1;
    const route = routeOf(method, p);
    const byStatus = (this.tally.routes[route] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (method === "POST" && res.status >= 300 && res.status < 400) this.tally.postsRedirected++;
    const headers = new Headers();
    for (const name of ["location", "content-type"]) {
      const v = res.headers.get(name);
      if (v !== null) headers.set(name, v);
    }
    return new Response(body, { status: res.status, headers });
  }
}

const locationOf = (res: Response) => res.headers.get("location") ?? "";

/* ── The convenor's links, from the emails received ─────────────────────────── */

interface DecideLinks {
  applicant: string;
  /** Path and query of each link, in the email's order (Accept, Meet first, Decline). */
  links: string[];
}

/** The applicant, by the bench's own address for them in the summary. */
const APPLICANT = /\b(cw-join-[a-z0-9-]+@bench\.example)\b/;
const DECIDE_LINK = /https?:\/\/[^\s<>]+\/join-requests\/decide\?token=[^\s<>]+/g;

/** Collects the convenor emails of the bench's own join requests as they arrive. */
function watchConvenorMail(smtp: TestSmtp, queue: DecideLinks[]) {
  let seen = 0;
  const ids = new Set<string>();
  const applicants = new Set<string>();
  const timer = setInterval(() => {
    for (; seen < smtp.received.length; seen++) {
      const m = smtp.received[seen]!;
      const key = m.messageId ?? m.raw;
      if (ids.has(key)) continue;
      ids.add(key);
      if (!m.raw.includes("join-requests/decide")) continue;
      const mail = decode(m);
      const applicant = APPLICANT.exec(mail.text)?.[1];
      const links = (mail.text.match(DECIDE_LINK) ?? []).map((u) => {
        const url = new URL(u);
        return url.pathname + url.search;
      });
      // One click target per request, even when its group has several convenors (each gets their own links).
      if (applicant && links.length === 3 && !applicants.has(applicant)) {
        applicants.add(applicant);
        queue.push({ applicant, links });
      }
    }
  }, 20);
  return () => clearInterval(timer);
}

const unescapeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** The page's form: where its button posts and its hidden fields. */
function formOf(html: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form\b[^>]*\bmethod="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const action = /\baction="([^"]*)"/.exec(form[0])?.[1];
  if (!action) return null;
  const fields: Record<string, string> = {};
  for (const input of form[1]!.matchAll(/<input\b[^>]*>/g)) {
    if (!/type="hidden"/.test(input[0])) continue;
    const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? "";
    if (name) fields[name] = unescapeHtml(value);
  }
  return { action: unescapeHtml(action), fields };
}

/* ── The load ───────────────────────────────────────────────────────────────── */

interface Acks {
  newsletter: string[];
  join: Array<{ email: string; slug: string }>;
  save: string[];
  /** Per request (by applicant): the answers acknowledged. More than one is a duplicate. */
  decision: Map<string, string[]>;
}

interface Unacked {
  newsletter: string[];
  join: Array<{ email: string; slug: string }>;
  save: string[];
  /** Applicants whose request had clicks, none acknowledged. */
  decision: string[];
}

async function runLoad(base: string, smtp: TestSmtp, o: ConcurrentWritesOptions) {
  const tally: Tally = { requests: 0, statuses: {}, routes: {}, networkErrors: 0, postsRedirected: 0 };
  const attempted: Record<Kind, number> = { newsletter: 0, join: 0, save: 0, decision: 0 };
  const latency: Record<Kind, number[]> = { newsletter: [], join: [], save: [], decision: [] };
  const lastFailure: Partial<Record<Kind, string>> = {};
  const acks: Acks = { newsletter: [], join: [], save: [], decision: new Map() };
  const unacked: Unacked = { newsletter: [], join: [], save: [], decision: [] };
  const races = { count: 0, oneDecision: 0, loserStatuses: {} as Record<string, number> };
  const queue: DecideLinks[] = [];
  const stopWatching = watchConvenorMail(smtp, queue);
  const run = Date.now().toString(36);
  let seq = 0;
  let decisionsMade = 0;
  const address = (kind: string) => `cw-${kind}-${run}-${++seq}@bench.example`;
  const timed = async (kind: Kind, send: () => Promise<Response>) => {
    attempted[kind]++;
    const t0 = performance.now();
    const res = await send();
    latency[kind].push(performance.now() - t0);
    return res;
  };
  const fail = (kind: Kind, what: string) => (lastFailure[kind] = what);

  async function newsletter(v: CountingVisitor, n: number) {
    const email = address("news");
    const res = await timed("newsletter", () => v.post("/newsletter", { email, interests: [["training_events", "convening"][n % 2]!] }));
    if (res.status === 303 && locationOf(res).endsWith("/newsletter/thanks")) acks.newsletter.push(email);
    else {
      unacked.newsletter.push(email);
      fail("newsletter", `POST /newsletter → ${res.status} ${locationOf(res)}`);
    }
  }

  async function join(n: number) {
    const v = new CountingVisitor(base, tally);
    const email = address("join");
    const slug = HOBART_GROUPS[n % HOBART_GROUPS.length]!;
    try {
      await finishWizard(v);
    } catch (error) {
      fail("join", `wizard: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const res = await timed("join", () => postJoin(v, slug, { name: `Bench Writer ${seq}`, email, note: "Sent by npm run bench." }));
    if (isJoinSent(res, slug)) acks.join.push({ email, slug });
    else {
      unacked.join.push({ email, slug });
      fail("join", `POST /eligibility/join/${slug} → ${res.status} ${locationOf(res)}`);
    }
  }

  async function save(v: CountingVisitor) {
    if (!v.cookie) {
      const res = await v.post("/eligibility/experience", { experience: "workshops" });
      if (res.status !== 303) return void fail("save", `POST /eligibility/experience → ${res.status}`);
    }
    const email = address("save");
    const res = await timed("save", () => v.post("/eligibility/save", { email }));
    if (res.status === 303 && locationOf(res).endsWith("/eligibility/save?sent=1")) acks.save.push(email);
    else {
      unacked.save.push(email);
      fail("save", `POST /eligibility/save → ${res.status} ${locationOf(res)}`);
    }
  }

  /** Opens the link's page; resolves to its form, or null (with the failure noted) if it has none. */
  async function open(link: string) {
    const v = new CountingVisitor(base, tally);
    const page = await v.get(link);
    const form = page.status === 200 ? formOf(await page.text()) : null;
    if (!form) fail("decision", `GET /join-requests/decide → ${page.status}${page.status === 200 ? " without a form" : ""}`);
    return form && { v, form };
  }

  async function press(opened: { v: CountingVisitor; form: NonNullable<ReturnType<typeof formOf>> }, message: string) {
    const res = await timed("decision", () => opened.v.post(opened.form.action, { ...opened.form.fields, message }));
    const answer = /\/join-requests\/decide\/done\?answer=([a-z_]+)$/.exec(locationOf(res))?.[1];
    return { res, answer: res.status === 303 ? answer : undefined };
  }

  const recordAnswer = (applicant: string, answer: string) => {
    const list = acks.decision.get(applicant) ?? [];
    list.push(answer);
    acks.decision.set(applicant, list);
  };

  async function decide(item: DecideLinks) {
    const k = decisionsMade++;
    // Answers and race pairs both cycle: Accept, Meet first, Decline, each alone and raced.
    const chosen = item.links[Math.floor(k / 3) % 3]!;
    const message = k % 2 ? "Welcome, see you on Tuesday." : "";
    if (k % 3 !== 2) {
      const opened = await open(chosen);
      if (!opened) return;
      const { res, answer } = await press(opened, message);
      if (answer) recordAnswer(item.applicant, answer);
      else {
        unacked.decision.push(item.applicant);
        fail("decision", `POST /join-requests/decide → ${res.status} ${locationOf(res)}`);
      }
      return;
    }
    // Three clicks at once: twice the same link, once another link of the same request.
    races.count++;
    const links = [chosen, chosen, item.links[(Math.floor(k / 3) + 1) % 3]!];
    const opened = await Promise.all(links.map(open));
    const ready = opened.filter((x) => x !== null);
    const results = await Promise.all(ready.map((x) => press(x, message)));
    let acknowledged = 0;
    for (const { res, answer } of results) {
      if (answer) {
        acknowledged++;
        recordAnswer(item.applicant, answer);
      } else {
        races.loserStatuses[String(res.status)] = (races.loserStatuses[String(res.status)] ?? 0) + 1;
        if (res.status >= 500) fail("decision", `raced POST /join-requests/decide → ${res.status}`);
      }
    }
    if (acknowledged === 1) races.oneDecision++;
    if (acknowledged === 0) unacked.decision.push(item.applicant);
  }

  const plan: Kind[] = ["join", "newsletter", "decision", "save", "newsletter", "decision", "join", "save"];
  const t0 = performance.now();
  const end = t0 + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const plain = new CountingVisitor(base, tally);
      const saver = new CountingVisitor(base, tally);
      for (let i = c; performance.now() < end; i++) {
        const kind = plan[i % plan.length]!;
        try {
          if (kind === "decision") {
            const item = queue.shift();
            if (item) await decide(item);
            else await newsletter(plain, i);
          } else if (kind === "newsletter") await newsletter(plain, i);
          else if (kind === "join") await join(i);
          else await save(saver);
        } catch (error) {
          fail(kind, error instanceof Error ? error.message : String(error));
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }),
  );
  const elapsedS = (performance.now() - t0) / 1000;
  stopWatching();
  return { tally, attempted, latency, lastFailure, acks, unacked, races, elapsedS };
}

/* ── After the run: the outbox, the database, the server's log ────────────── */

async function drainOutbox(db: Database.Database, smtp: TestSmtp, timeoutMs: number) {
  const t0 = Date.now();
  const deadline = t0 + timeoutMs;
  const open = db.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')");
  const sent = db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'");
  for (;;) {
    const pending = (open.get() as { n: number }).n;
    const sentCount = (sent.get() as { n: number }).n;
    if (pending === 0 && smtp.unique().length >= sentCount) return { drained: true, drainMs: Date.now() - t0 };
    if (Date.now() > deadline) return { drained: false, drainMs: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 50));
  }
}

function verify(db: Database.Database, acks: Acks, unacked: Unacked) {
  const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
  const result: Record<Kind, { lost: number; duplicated: number; storedUnacknowledged: number }> = {
    newsletter: { lost: 0, duplicated: 0, storedUnacknowledged: 0 },
    join: { lost: 0, duplicated: 0, storedUnacknowledged: 0 },
    save: { lost: 0, duplicated: 0, storedUnacknowledged: 0 },
    decision: { lost: 0, duplicated: 0, storedUnacknowledged: 0 },
  };
  let convenorQueued = 0;
  const judge = (kind: Kind, n: number) => {
    if (n === 0) result[kind].lost++;
    else if (n > 1) result[kind].duplicated++;
  };
  const groupId = (slug: string) => (db.prepare("SELECT id FROM groups WHERE slug = ?").get(slug) as { id: number }).id;
  const joinIds = (email: string, slug: string) =>
    (db.prepare("SELECT id FROM join_requests WHERE email = ? AND group_id = ?").all(email, groupId(slug)) as Array<{ id: number }>).map((r) => r.id);

  db.transaction(() => {
    for (const email of acks.newsletter) {
      // The sign-up row and its confirmation email, each exactly once.
      const rows = count("SELECT count(*) AS n FROM newsletter_signups WHERE email = ?", email);
      const mails = count("SELECT count(*) AS n FROM outbox WHERE kind = 'newsletter.confirm' AND to_address = ?", email);
      judge("newsletter", rows === 1 && mails === 1 ? 1 : Math.min(rows, mails) === 0 ? 0 : 2);
    }
    for (const { email, slug } of acks.join) {
      // The request row and the applicant's receipt, each exactly once. The convenor's
      // email may be held back by its per-recipient cap (every request goes to one of
      // three convenors), so it is counted, not required.
      const ids = joinIds(email, slug);
      const receipt = ids.length === 1 ? count("SELECT count(*) AS n FROM outbox WHERE dedupe_key = ?", `join:${ids[0]}:receipt`) : 0;
      // Keyed `join:<id>:convenor`, or `join:<id>:convenor:<userId>` for each convenor with an account.
      if (ids.length === 1 && count("SELECT count(*) AS n FROM outbox WHERE dedupe_key = ? OR dedupe_key LIKE ?", `join:${ids[0]}:convenor`, `join:${ids[0]}:convenor:%`) > 0) convenorQueued++;
      judge("join", ids.length === 1 ? receipt : ids.length);
    }
    for (const email of acks.save) judge("save", count("SELECT count(*) AS n FROM outbox WHERE kind = 'wizard.resume' AND to_address = ?", email));
    for (const [applicant, answers] of acks.decision) {
      const row = db.prepare("SELECT id, status, decided_at AS decidedAt FROM join_requests WHERE email = ?").get(applicant) as
        | { id: number; status: string; decidedAt: string | null }
        | undefined;
      // The applicant's email about it, once: keyed `join:<id>:decision` (or, where a request can be answered
      // again later, `join:<id>:decision:<answer>:<time>`), of the kind for the answer stored.
      const mails = row
        ? (db.prepare("SELECT kind FROM outbox WHERE dedupe_key = ? OR dedupe_key LIKE ?").all(`join:${row.id}:decision`, `join:${row.id}:decision:%`) as Array<{ kind: string }>)
        : [];
      const stored = row && row.decidedAt && answers.includes(row.status) && mails.length === 1 && mails[0]!.kind === `join.decision.${row.status}`;
      if (answers.length > 1 || mails.length > 1) result.decision.duplicated++;
      else if (!stored) result.decision.lost++;
    }
    result.newsletter.storedUnacknowledged = unacked.newsletter.filter((e) => count("SELECT count(*) AS n FROM newsletter_signups WHERE email = ?", e) > 0).length;
    result.join.storedUnacknowledged = unacked.join.filter(({ email, slug }) => joinIds(email, slug).length > 0).length;
    result.decision.storedUnacknowledged = unacked.decision.filter(
      (e) => count("SELECT count(*) AS n FROM join_requests WHERE email = ? AND decided_at IS NOT NULL", e) > 0,
    ).length;
    result.save.storedUnacknowledged = unacked.save.filter((e) => count("SELECT count(*) AS n FROM outbox WHERE kind = 'wizard.resume' AND to_address = ?", e) > 0).length;
  })();
  return { kinds: result, convenorQueued };
}

/** Collects the server's stdout (JSON log lines) and stderr (Remix prints uncaught errors there). */
export function captureLog(server: Pick<RunningServer, "process">) {
  let stdout = "";
  let stderr = "";
  server.process.stdout?.on("data", (d) => (stdout += d));
  server.process.stderr?.on("data", (d) => (stderr += d));
  return () => {
    const fiveHundreds = new Map<string, number>();
    const errors = new Map<string, { count: number; message: string; frames: string[] }>();
    // Grouped by message and the app's own frames (bundled into build/server/index.js): the same error from two routes counts twice.
    const addError = (message: string, stack: string[]) => {
      const frames = stack.map((l) => l.trim().replace(/\s*\{$/, "")).filter((l) => /^at /.test(l));
      const own = frames.filter((l) => !/node_modules|node:internal|^at <anonymous>|^at async /.test(l)).slice(0, 5);
      const key = `${message}\n${own.join("\n")}`;
      const e = errors.get(key) ?? { count: 0, message, frames: own.length ? own : frames.slice(0, 3) };
      e.count++;
      errors.set(key, e);
    };
    for (const line of stdout.split("\n")) {
      if (!line.startsWith("{")) continue;
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; method?: string; path?: string; status?: number; error?: string; message?: string; stack?: string };
        if (entry.msg === "request" && (entry.status ?? 0) >= 500) {
          const route = routeOf(entry.method ?? "?", entry.path ?? "?");
          fiveHundreds.set(route, (fiveHundreds.get(route) ?? 0) + 1);
        }
        if (entry.level === "error") addError(`${entry.msg}: ${entry.error ?? ""} ${entry.message ?? ""}`.trim(), (entry.stack ?? "").split("\n"));
      } catch {
        // not a log line
      }
    }
    // What console.error printed (Remix's default for an error thrown by a loader or action):
    // a line at the margin, its indented "at …" frames, then the error's own fields ({ code: … }).
    const lines = stderr.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!/^[A-Za-z]/.test(line)) continue;
      const stack: string[] = [];
      let code = "";
      for (let j = i + 1; j < lines.length && /^(\s|\}$)/.test(lines[j]!); j++) {
        if (/^\s+at /.test(lines[j]!)) stack.push(lines[j]!);
        const c = /^\s+code: '([^']+)'/.exec(lines[j]!);
        if (c) code = ` (${c[1]})`;
      }
      addError(`${line.trim().slice(0, 300)}${code}`, stack);
    }
    return {
      stdout,
      stderr,
      server5xxRoutes: [...fiveHundreds].map(([route, count]) => ({ route, count })).sort((a, b) => b.count - a.count),
      serverErrors: [...errors.values()].sort((a, b) => b.count - a.count),
    };
  };
}

/** Single-row INSERTs, each in its own BEGIN IMMEDIATE transaction, on a fresh WAL file with the app's pragmas. */
export function bareInsertLoop(seconds: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bare-"));
  try {
    const db = openDatabase(path.join(dir, "bare.db"));
    db.exec(`CREATE TABLE signups (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      interests TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
    const insert = db.prepare("INSERT INTO signups (email, interests) VALUES (?, ?)");
    const insertOne = db.transaction((email: string) => insert.run(email, '["training_events"]'));
    let n = 0;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) insertOne.immediate(`bare-${++n}@bench.example`);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const stored = (db.prepare("SELECT count(*) AS n FROM signups").get() as { n: number }).n;
    db.close();
    if (stored !== n) throw new Error(`bare loop: ${n} inserts, ${stored} rows`);
    return { inserts: n, seconds: elapsed, perSecond: n / elapsed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole measurement, in this process. */
export async function runConcurrentWrites(o: ConcurrentWritesOptions): Promise<ConcurrentWritesResult> {
  const smtp = await startSmtp();
  let server: RunningServer | undefined;
  let db: Database.Database | undefined;
  try {
    server = await startServer({
      WEB_CONCURRENCY: String(o.processes),
      RATE_LIMIT_POSTS_PER_MINUTE: "0",
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: String(o.mailPollMs),
      SEED_DEMO_DATA: "true",
      // The access log (route and status of every response) and the errors behind any 500.
      LOG_LEVEL: "info",
    });
    const readLog = captureLog(server);
    const loadBefore = loadavg()[0]!;
    const load = await runLoad(server.baseURL, smtp, o);

    db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    const drain = await drainOutbox(db, smtp, o.drainTimeoutMs);
    const checked = verify(db, load.acks, load.unacked);
    const outbox = Object.fromEntries(
      (db.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
    ) as Record<string, number>;
    const sentIds = (db.prepare("SELECT message_id AS id FROM outbox WHERE status = 'sent'").all() as Array<{ id: string }>).map((r) => r.id);
    const receivedIds = new Set(smtp.unique().map((m) => m.messageId));
    db.close();
    db = undefined;

    await server.stop();
    const log = readLog();
    const logPath = path.join(tmpdir(), "pwcop-bench-concurrent-writes.log");
    writeFileSync(logPath, `${log.stdout}\n--- stderr ---\n${log.stderr}`);
    rmSync(server.dataDir, { recursive: true, force: true });
    server = undefined;

    const bare = bareInsertLoop(o.seconds);

    const { tally, elapsedS } = load;
    const kinds: KindResult[] = KINDS.map((kind) => {
      const l = summarize(load.latency[kind]);
      return {
        kind,
        attempted: load.attempted[kind],
        acknowledged: kind === "decision" ? [...load.acks.decision.values()].reduce((s, a) => s + a.length, 0) : load.acks[kind].length,
        ...checked.kinds[kind],
        p50: l.p50,
        p95: l.p95,
        lastFailure: load.lastFailure[kind],
      };
    });
    const acknowledged = kinds.reduce((s, k) => s + k.acknowledged, 0);
    return {
      options: o,
      elapsedS,
      requests: tally.requests,
      perSecond: tally.requests / elapsedS,
      statuses: tally.statuses,
      over500: Object.entries(tally.statuses).reduce((s, [status, n]) => s + (Number(status) >= 500 ? n : 0), 0),
      networkErrors: tally.networkErrors,
      lastNetworkError: tally.lastNetworkError,
      routes: Object.entries(tally.routes)
        .map(([route, statuses]) => ({ route, statuses }))
        .sort((a, b) => a.route.localeCompare(b.route)),
      kinds,
      acknowledged,
      ackPerSecond: acknowledged / elapsedS,
      postsRedirected: tally.postsRedirected,
      lost: kinds.reduce((s, k) => s + k.lost, 0),
      duplicated: kinds.reduce((s, k) => s + k.duplicated, 0),
      races: load.races,
      convenorEmailsQueued: checked.convenorQueued,
      emails: {
        delivered: smtp.unique().length,
        receivedRaw: smtp.received.length,
        outboxSent: outbox.sent ?? 0,
        outboxPending: (outbox.pending ?? 0) + (outbox.sending ?? 0),
        outboxFailed: outbox.failed ?? 0,
        sentNotReceived: sentIds.filter((id) => !receivedIds.has(id)).length,
        ...drain,
      },
      server5xxRoutes: log.server5xxRoutes,
      serverErrors: log.serverErrors,
      logPath,
      bare,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
    };
  } finally {
    db?.close();
    if (server) {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    await smtp.close();
  }
}

/* ── Run in a fresh process ─────────────────────────────────────────────────── */

type Reply = { ok: true; result: ConcurrentWritesResult } | { ok: false; error: string };

/** Runs `runConcurrentWrites` in a child process and returns its result. */
export function concurrentWritesInChild(options: Partial<ConcurrentWritesOptions> = {}): Promise<ConcurrentWritesResult> {
  const o = { ...CONCURRENT_WRITES_DEFAULTS, ...options };
  const child = fork(import.meta.filename, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (reply: Reply) => {
      child.disconnect();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
    child.once("exit", (code) => reject(new Error(`concurrent-writes client exited (${code}) without a result`)));
    child.send(o);
  });
}

if (process.send && process.argv[1] === import.meta.filename) {
  process.once("message", (o: ConcurrentWritesOptions) => {
    runConcurrentWrites(o).then(
      (result) => process.send!({ ok: true, result } satisfies Reply),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply),
    );
  });
}

/* ── Report ─────────────────────────────────────────────────────────────────── */

const mark = (ok: boolean) => (ok ? "✓ met" : "✗ missed");
/** stats.ts's ratio, with two significant digits below 0.1 (the app against a bare insert loop is far below 1). */
const smallRatio = (a: number, b: number) => (b > 0 && a / b < 0.1 ? `${(a / b).toPrecision(2)}×` : ratio(a, b));
const n = (x: number) => x.toLocaleString("en-AU");
const perS = (x: number) => x.toLocaleString("en-AU", { maximumFractionDigits: x < 100 ? 1 : 0 });
const statusList = (s: Record<string, number>) =>
  Object.entries(s)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${status}×${n(count)}`)
    .join(" ") || "none";

/** The section's lines, in the bench's style: what was done, tables, then verdicts (target, measured, baseline). */
export function concurrentWritesLines(r: ConcurrentWritesResult, heading = "4."): string[] {
  const o = r.options;
  const out: string[] = [];
  out.push(
    `${heading} Concurrent writers: production server with WEB_CONCURRENCY=${o.processes} (primary runs the outbox worker → smtp-server on 127.0.0.1, MAIL_POLL_MS=${o.mailPollMs}), ${o.clients} clients for ${o.seconds} s, driven from a fresh Node process.`,
  );
  out.push("   Each client loops over newsletter sign-ups, join requests (fresh wizard session walked to the Hobart outcome, then the join form), \"email me a link");
  out.push("   to continue\" and the convenor's emailed decision links (GET the page, POST its button; every third decision is 3 clicks at once: 2 on one link, 1 on another).");
  out.push(
    table([
      ["submission", "sent", "acknowledged (303)", "lost", "duplicated", "stored, not acknowledged", "POST p50", "POST p95"],
      ...r.kinds.map((k) => [k.kind, n(k.attempted), n(k.acknowledged), n(k.lost), n(k.duplicated), n(k.storedUnacknowledged), `${k.p50.toFixed(1)} ms`, `${k.p95.toFixed(1)} ms`]),
    ]),
  );
  for (const k of r.kinds) if (k.lastFailure) out.push(`   last failure (${k.kind}): ${k.lastFailure}`);
  out.push(`   Responses by status, all ${n(r.requests)} requests in ${r.elapsedS.toFixed(1)} s: ${statusList(r.statuses)}${r.networkErrors ? `; connection errors ${n(r.networkErrors)} (last: ${r.lastNetworkError})` : ""}.`);
  const odd = r.routes.filter((x) => Object.keys(x.statuses).some((s) => Number(s) >= 400));
  for (const x of odd) out.push(`     ${x.route}: ${statusList(x.statuses)}`);
  const joins = r.kinds.find((k) => k.kind === "join")!.acknowledged;
  out.push(
    `   Convenor emails (the decision links) queued for ${n(r.convenorEmailsQueued)} of ${n(joins)} acknowledged join requests${r.convenorEmailsQueued < joins ? "; the rest were over the per-recipient cap on convenor notices" : ""}; decisions use those that arrived during the run.`,
  );
  out.push(
    `   Simultaneous clicks: ${n(r.races.count)} races, ${n(r.races.oneDecision)} with exactly one decision acknowledged; the other clicks got ${statusList(r.races.loserStatuses)}.`,
  );
  const e = r.emails;
  out.push(
    `   Outbox ${e.drained ? `drained ${(e.drainMs / 1000).toFixed(1)} s after the run` : `NOT drained after ${(e.drainMs / 1000).toFixed(0)} s`} (${perS(e.delivered / (r.elapsedS + e.drainMs / 1000))} emails/s from the start of the run): ${n(e.outboxSent)} sent, ${n(e.outboxPending)} pending, ${n(e.outboxFailed)} failed; the SMTP server received ${n(e.delivered)} distinct messages (${n(e.receivedRaw)} deliveries), ${n(e.sentNotReceived)} marked sent but not received.`,
  );
  if (r.server5xxRoutes.length) out.push(`   Server access log, 5xx by route: ${r.server5xxRoutes.map((x) => `${x.route} ×${x.count}`).join(", ")}.`);
  for (const err of r.serverErrors.slice(0, 5)) {
    out.push(`   Server error ×${err.count}: ${err.message}`);
    for (const f of err.frames) out.push(`       ${f}`);
  }
  if (r.server5xxRoutes.length || r.serverErrors.length) out.push(`   Full server log: ${r.logPath}`);
  out.push(`   Machine: ${cpus().length} CPU(s), 1-minute load average ${r.loadAverage.before.toFixed(1)} when the load started, ${r.loadAverage.after.toFixed(1)} after the bare loop (the load generator, SMTP server and server processes share the CPUs; other work shows here).`);
  out.push(`   Bare better-sqlite3: ${n(r.bare.inserts)} single-row INSERTs, each in its own BEGIN IMMEDIATE transaction, fresh WAL file, openDatabase's pragmas, one process, ${r.bare.seconds.toFixed(1)} s.`);
  out.push(`Responses ≥ 500: ${n(r.over500)} of ${n(r.requests)} (${perS(r.perSecond)} requests/s) — target 0: ${mark(r.over500 === 0 && r.networkErrors === 0)}${r.networkErrors ? ` (and ${n(r.networkErrors)} connection errors)` : ""}.`);
  out.push(`Acknowledged submissions lost / duplicated: ${n(r.lost)} / ${n(r.duplicated)} of ${n(r.acknowledged)} — target 0: ${mark(r.lost === 0 && r.duplicated === 0 && r.emails.drained)}${r.emails.drained ? "" : " (outbox not drained)"}.`);
  out.push(
    `Acknowledged writes: ${perS(r.ackPerSecond)}/s (${perS(r.postsRedirected / r.elapsedS)} POSTs/s answered 303, wizard answers included); bare better-sqlite3 inserts ${perS(r.bare.perSecond)}/s; app/bare ${smallRatio(r.ackPerSecond, r.bare.perSecond)}. Emails delivered: ${n(r.emails.delivered)}.`,
  );
  return out;
}

/** Rows for the bench's summary table: measure, this app, baseline, ratio, target. */
export function concurrentWritesSummaryRows(r: ConcurrentWritesResult): string[][] {
  const o = r.options;
  return [
    [`Concurrent writers, ${o.clients} clients × ${o.processes} processes: responses ≥ 500`, `${n(r.over500)} of ${n(r.requests)}`, "", "", `0 ${mark(r.over500 === 0 && r.networkErrors === 0)}`],
    ["Acknowledged submissions lost / duplicated", `${n(r.lost)} / ${n(r.duplicated)} of ${n(r.acknowledged)}`, "", "", `0 ${mark(r.lost === 0 && r.duplicated === 0 && r.emails.drained)}`],
    ["Acknowledged writes per second", perS(r.ackPerSecond), `bare IMMEDIATE inserts ${perS(r.bare.perSecond)}`, smallRatio(r.ackPerSecond, r.bare.perSecond), ""],
    ["Requests per second / emails delivered", `${perS(r.perSecond)} / ${n(r.emails.delivered)}`, "", "", ""],
  ];
}
