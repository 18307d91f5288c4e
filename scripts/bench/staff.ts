/**
 * Staff back office at scale: a fresh SQLite file with 200 groups, 100,000
 * join requests and 10,000 people on the waiting list, built with the db/
 * functions in one transaction, served by the production server with one
 * HTTP process (WEB_CONCURRENCY=1, so the process we sample is the one that
 * answers), signed in as the demo staff account over HTTP (the code read
 * from the outbox: no SMTP server is set, so it is never sent).
 *
 * 1. The filtered requests list (status=new and one group) at 20 clients for
 *    10 s after a 5 s warm-up, beside the public question page
 *    /eligibility/experience under the same load in the same run.
 * 2. The CSV export of all 100,000 requests (purpose "reviewing join
 *    requests", every column): time to first byte, rows per second, and the
 *    server's peak RSS growth over its idle RSS, /proc/<pid>/status VmRSS
 *    sampled every 20 ms (target: at most 30 MB). Once read as fast as the
 *    client can, uncompressed, and once as a browser asks for it (gzip);
 *    and first of all, on the freshly started server, by a client on a slow
 *    link (python3: a 32 KB receive buffer, reading nothing for 10 s), twice;
 *    then by the slow client on a fresh process with its V8 old space capped
 *    (garbage collected at once), which leaves what is held for the client.
 *    Beside: the same rows iterated and formatted in this process, with no
 *    HTTP (app/staff/exports.server.ts exportChunks).
 *
 * The load generator runs in a fresh Node process (as load-client.ts does).
 * `BENCH_ONLY=staff npm run bench` runs this section alone.
 */
import { execFile, fork } from "node:child_process";
import crypto from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { migrate } from "../../db/migrate";
import { insertGroup } from "../../db/queries/groups";
import { plainGroup } from "../../db/queries/request-orders.fixture";
import { createJoinRequest } from "../../db/queries/join-requests";
import { upsertNewsletterSignup } from "../../db/queries/newsletter";
import { addConvenor, upsertUser } from "../../db/queries/users";
import { DEMO_STAFF_EMAIL } from "../../db/seed";
import { DECLINE_REASONS } from "../../machines/join-request";
import { exportChunks } from "../../app/staff/exports.server";
import { startServer, type RunningServer } from "../../tests/support/server";
import { newAgent, request } from "./http";
import { ms, ratio, seededRandom, summarize, type Summary } from "./stats";

export const STAFF_BENCH = { groups: 200, requests: 100_000, waiting: 10_000, clients: 20, seconds: 10, warmupSeconds: 5, rssTargetMb: 30, sampleMs: 20 } as const;
/** The convenor inbox measure (accounts issue): one group with this many requests, its convenor signed in. */
export const CONVENOR_BENCH = { slug: "bench-convenor-inbox", email: "bench.convenor@example.org", requests: 5_000 } as const;

/** How long the slow client leaves the response unread: longer than the whole export takes. */
const PAUSE_S = 10;
/**
 * A client on a slow link: a 32 KB receive buffer (Linux's loopback would
 * otherwise grow it to 32 MB and take the whole file itself), reading nothing
 * for PAUSE_S seconds. Node cannot set SO_RCVBUF on a TCP socket; Python can.
 */
const SLOW_CLIENT = `
import socket, sys, time
host, port, path, cookie, pause, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
s.connect((host, port))
# HTTP/1.0: the body comes unchunked and ends when the connection closes.
s.sendall(("POST %s HTTP/1.0\\r\\nHost: %s:%d\\r\\nCookie: %s\\r\\nAccept-Encoding: identity\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\nContent-Length: %d\\r\\n\\r\\n%s" % (path, host, port, cookie, len(body), body)).encode())
time.sleep(pause)
data = bytearray()
while True:
    b = s.recv(65536)
    if not b: break
    data += b
head, _, body = bytes(data).partition(b"\\r\\n\\r\\n")
print(head.split(b" ")[1].decode(), len(body), body.count(b"\\r\\n") - 1)
`;

const BROWSER = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Accept-Language": "en-AU,en;q=0.9",
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
};

// --- The data ------------------------------------------------------------------------------

const STATUSES = [
  ["new", 0.3],
  ["meet_first", 0.05],
  ["waiting_list", 0.05],
  ["accepted", 0.35],
  ["declined", 0.2],
  ["withdrawn", 0.05],
] as const;

interface Built {
  path: string;
  dir: string;
  ms: number;
  /** A group with about the average number of requests, for the filtered list. */
  slug: string;
  newInGroup: number;
}

/** 200 groups, 100,000 requests (statuses, ages and decline reasons spread), 10,000 waiting: one transaction through db/ functions. */
function buildDatabase(): Built {
  const t0 = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bench-staff-"));
  const file = path.join(dir, "pwcop.db");
  const db = openDatabase(file);
  migrate(db);
  const rand = seededRandom(20262);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.now();
  db.transaction(() => {
    const groupIds: number[] = [];
    for (let i = 0; i < STAFF_BENCH.groups; i++) {
      groupIds.push(
        insertGroup(db, {
          slug: `bench-group-${i}`,
          name: `Bench group ${String(i).padStart(3, "0")}`,
          suburb: "Somewhere",
          region: pick(["VIC", "NSW", "QLD", "WA", "SA", "TAS", "ACT", "NT"]),
          country: "AU",
          lat: -44 + rand() * 33,
          lon: 113 + rand() * 40,
          format: "in_person",
          status: i % 10 === 0 ? "full" : "open",
          capacity: 12,
          rhythm: { frequency: "monthly", weekday: i % 7, week: 2, start: "19:00", end: "21:00" },
          timeZone: "Australia/Sydney",
          convenorFirstName: `Convenor${i}`,
          convenorEmail: `convenor-${i}@example.org`,
        }),
      );
    }
    const setRow = db.prepare("UPDATE join_requests SET status = ?, created_at = ?, status_changed_at = ?, decline_reason = ? WHERE id = ?");
    for (let i = 0; i < STAFF_BENCH.requests; i++) {
      const groupId = pick(groupIds);
      const formula = i % 100 === 0;
      createJoinRequest(db, {
        groupId,
        wizardSessionId: `bench-${i}`,
        name: formula ? `=HYPERLINK("https://evil.example/${i}","Jo")` : `Applicant ${i} ${pick(["Nguyen", "Smith", "Tāmaki", "O'Brien", "Ng"])}`,
        email: `applicant-${i}@example.com`,
        note: i % 3 === 0 ? `I would like to join, "if there is room", thanks. (${i})` : "",
        hopes: ["connection"],
        answers: { experience: "workshops", practice: "paid" },
        outcome: "match",
        reasons: ["match"],
        ruleVersion: "bench",
        distanceKm: Math.round(rand() * 500) / 10,
      });
      let r = rand();
      let status: string = STATUSES[0][0];
      for (const [s, p] of STATUSES) {
        if (r < p) {
          status = s;
          break;
        }
        r -= p;
      }
      const created = new Date(now - rand() * 730 * 86_400_000).toISOString();
      setRow.run(status, created, created, status === "declined" ? pick(DECLINE_REASONS) : null, i + 1);
    }
    // One group of its own for the convenor inbox: 5,000 requests, statuses spread as above, and its convenor's account.
    const inboxGroup = insertGroup(db, plainGroup({ slug: CONVENOR_BENCH.slug, name: "Bench convenor inbox", convenorFirstName: "Bench", convenorEmail: CONVENOR_BENCH.email }));
    addConvenor(db, inboxGroup, upsertUser(db, { email: CONVENOR_BENCH.email, role: "convenor" }).user.id);
    for (let i = 0; i < CONVENOR_BENCH.requests; i++) {
      createJoinRequest(db, {
        groupId: inboxGroup,
        wizardSessionId: `bench-inbox-${i}`,
        name: `Inbox applicant ${i}`,
        email: `inbox-${i}@example.com`,
        note: "",
        hopes: ["connection"],
        answers: { experience: "workshops", practice: "paid" },
        outcome: "match",
        reasons: ["match"],
        ruleVersion: "bench",
        distanceKm: 5,
      });
      let r = rand();
      let status: string = STATUSES[0][0];
      for (const [st, p] of STATUSES) {
        if (r < p) {
          status = st;
          break;
        }
        r -= p;
      }
      const created = new Date(now - rand() * 730 * 86_400_000).toISOString();
      setRow.run(status, created, created, status === "declined" ? pick(DECLINE_REASONS) : null, STAFF_BENCH.requests + i + 1);
    }
    const wait = db.prepare("UPDATE newsletter_signups SET waiting_since = ?, confirmed_at = ? WHERE id = ?");
    for (let i = 0; i < STAFF_BENCH.waiting; i++) {
      const { id } = upsertNewsletterSignup(db, {
        email: `waiting-${i}@example.com`,
        interests: ["new_groups"],
        country: "AU",
        place: i % 50 === 0 ? "-Somewhere" : `Place ${i % 700}`,
        areaId: null,
        lat: -44 + rand() * 33,
        lon: 113 + rand() * 40,
        distanceKm: pick([10, 25, 50, 100]),
        acceptsOnline: rand() < 0.5,
        outcome: "match",
        reasons: ["no_group_nearby"],
        ruleVersion: "bench",
      });
      const since = new Date(now - rand() * 365 * 86_400_000).toISOString();
      wait.run(since, since, id);
    }
  })();
  const busiest = db
    .prepare("SELECT g.slug, count(*) AS n FROM join_requests r JOIN groups g ON g.id = r.group_id WHERE r.status = 'new' GROUP BY g.id ORDER BY n DESC LIMIT 1")
    .get() as { slug: string; n: number };
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { path: file, dir, ms: performance.now() - t0, slug: busiest.slug, newInGroup: busiest.n };
}

// --- Signing in, as a person does ---------------------------------------------------------

async function signInAsStaff(server: RunningServer, dbPath: string, email: string = DEMO_STAFF_EMAIL): Promise<string> {
  const base = server.baseURL;
  const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" as const });
  const asked = await fetch(`${base}/sign-in`, form({ email }));
  const id = new URL(asked.headers.get("location") ?? "", base).searchParams.get("id");
  if (asked.status !== 303 || !id) throw new Error(`POST /sign-in: ${asked.status}`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let code: string | undefined;
  for (let i = 0; i < 200 && !code; i++) {
    const row = db.prepare("SELECT text_body AS text FROM outbox WHERE kind = 'auth.code' ORDER BY id DESC LIMIT 1").get() as { text: string } | undefined;
    code = row ? /^(\d{6})$/m.exec(row.text)?.[1] : undefined;
    if (!code) await new Promise((r) => setTimeout(r, 50));
  }
  db.close();
  if (!code) throw new Error("no sign-in code in the outbox");
  const res = await fetch(`${base}/sign-in/code`, form({ id, code }));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pwcop_session="));
  if (res.status !== 303 || !cookie) throw new Error(`POST /sign-in/code: ${res.status}`);
  return cookie.split(";")[0]!;
}

// --- 1. GET load (in a child process) -------------------------------------------------------

export interface GetLoadResult {
  label: string;
  path: string;
  requests: number;
  perSecond: number;
  latency: Summary;
  warmup: Summary;
  errors: number;
  lastError?: string;
  bytes: number;
}

interface GetLoadAsk {
  label: string;
  baseURL: string;
  path: string;
  cookie: string;
  clients: number;
  seconds: number;
  warmupSeconds: number;
}

async function getLoad(ask: GetLoadAsk): Promise<GetLoadResult> {
  const base = new URL(ask.baseURL);
  const headers: Record<string, string> = { ...BROWSER, "Accept-Encoding": "gzip, deflate, br" };
  if (ask.cookie) headers.Cookie = ask.cookie;
  const agents = Array.from({ length: ask.clients }, () => newAgent());
  let errors = 0;
  let lastError: string | undefined;
  const drive = async (seconds: number) => {
    const latencies: number[] = [];
    let bytes = 0;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      agents.map(async (agent) => {
        while (performance.now() < end) {
          const start = performance.now();
          try {
            const res = await request(agent, new URL(ask.path, base), "GET", headers);
            if (res.status !== 200) throw new Error(`GET ${ask.path} → ${res.status}`);
            latencies.push(performance.now() - start);
            bytes += res.bodyBytes;
          } catch (error) {
            errors++;
            lastError = error instanceof Error ? error.message : String(error);
            await new Promise((r) => setTimeout(r, 10));
          }
        }
      }),
    );
    return { latencies, bytes, elapsed: (performance.now() - t0) / 1000 };
  };
  const warm = await drive(ask.warmupSeconds);
  const run = await drive(ask.seconds);
  for (const a of agents) a.destroy();
  return {
    label: ask.label,
    path: ask.path,
    requests: run.latencies.length,
    perSecond: run.latencies.length / run.elapsed,
    latency: summarize(run.latencies),
    warmup: summarize(warm.latencies),
    errors,
    lastError,
    bytes: run.latencies.length ? run.bytes / run.latencies.length : 0,
  };
}

function getLoadInChild(ask: GetLoadAsk): Promise<GetLoadResult> {
  const child = fork(import.meta.filename, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (reply: { ok: true; result: GetLoadResult } | { ok: false; error: string }) => {
      child.disconnect();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
    child.once("exit", (code) => reject(new Error(`load client exited (${code}) without a result`)));
    child.send(ask);
  });
}

if (process.send && process.argv[1] === import.meta.filename) {
  process.once("message", (ask: GetLoadAsk) => {
    getLoad(ask).then(
      (result) => process.send!({ ok: true, result }),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

// --- 2. The CSV export ---------------------------------------------------------------------

/** The process's resident set, in bytes. */
function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

function sampleRss(pid: number, everyMs: number) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssOf(pid)), everyMs);
  samples.push(rssOf(pid));
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssOf(pid));
      return samples;
    },
  };
}

export interface ExportRun {
  label: string;
  status: number;
  rows: number;
  bytes: number;
  wireBytes: number;
  ttfbMs: number;
  totalMs: number;
  rowsPerSecond: number;
  idleRss: number;
  peakRss: number;
  growth: number;
}

/** The export the bench asks for: every request, every column (an export is a POST; app/staff/exports.server.ts). */
const EXPORT_PATH = "/staff/exports/requests";
const EXPORT_BODY = "purpose=review";

/** POSTs for the export, reading as told, while sampling the server's RSS. */
async function exportRun(label: string, server: RunningServer, cookie: string, encoding: "identity" | "gzip"): Promise<ExportRun> {
  const pid = server.process.pid!;
  // Idle: a second of samples with nothing asked of the server.
  const idle = sampleRss(pid, STAFF_BENCH.sampleMs);
  await new Promise((r) => setTimeout(r, 1000));
  const idleSamples = idle.stop();
  const idleRss = summarize(idleSamples).p50;
  const sampler = sampleRss(pid, STAFF_BENCH.sampleMs);
  const url = new URL(EXPORT_PATH, server.baseURL);
  const t0 = performance.now();
  const result = await new Promise<{ status: number; ttfb: number; text: number; rows: number; wire: number }>((resolve, reject) => {
    const headers = { ...BROWSER, Accept: "text/csv,*/*", "Accept-Encoding": encoding, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(EXPORT_BODY.length) };
    const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
      let ttfb = -1;
      let wire = 0;
      let text = 0;
      let rows = 0;
      res.on("data", (chunk: Buffer) => {
        if (ttfb < 0) ttfb = performance.now() - t0;
        wire += chunk.length;
      });
      const body = encoding === "gzip" && res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip()) : res;
      let last = 0;
      body.on("data", (chunk: Buffer) => {
        text += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) if ((i > 0 ? chunk[i - 1] : last) === 13) rows++;
        last = chunk[chunk.length - 1] ?? last;
      });
      body.on("end", () => resolve({ status: res.statusCode ?? 0, ttfb, text, rows: Math.max(0, rows - 1), wire }));
      body.on("error", reject);
    });
    req.on("error", reject);
    req.end(EXPORT_BODY);
  });
  const totalMs = performance.now() - t0;
  const samples = sampler.stop();
  const peakRss = Math.max(...samples);
  return {
    label,
    status: result.status,
    rows: result.rows,
    bytes: result.text,
    wireBytes: result.wire,
    ttfbMs: result.ttfb,
    totalMs,
    rowsPerSecond: result.rows / (totalMs / 1000),
    idleRss,
    peakRss,
    growth: peakRss - idleRss,
  };
}

/** The export read by the slow client (python3), the server's RSS sampled meanwhile; null without python3. */
async function slowExportRun(label: string, server: RunningServer, cookie: string): Promise<ExportRun | null> {
  const pid = server.process.pid!;
  const idle = sampleRss(pid, STAFF_BENCH.sampleMs);
  await new Promise((r) => setTimeout(r, 1000));
  const idleRss = summarize(idle.stop()).p50;
  const sampler = sampleRss(pid, STAFF_BENCH.sampleMs);
  const url = new URL(server.baseURL);
  const t0 = performance.now();
  const out = await new Promise<string | null>((resolve) =>
    execFile("python3", ["-c", SLOW_CLIENT, url.hostname, url.port, EXPORT_PATH, cookie, String(PAUSE_S), EXPORT_BODY], { timeout: 120_000 }, (error, stdout) => resolve(error ? null : stdout)),
  );
  const totalMs = performance.now() - t0;
  const samples = sampler.stop();
  if (!out) return null;
  const [status, bytes, rows] = out.trim().split(/\s+/).map(Number) as [number, number, number];
  const peakRss = Math.max(...samples);
  return { label, status, rows, bytes, wireBytes: bytes, ttfbMs: NaN, totalMs, rowsPerSecond: NaN, idleRss, peakRss, growth: peakRss - idleRss };
}

export interface ExportBaseline {
  rows: number;
  bytes: number;
  firstChunkMs: number;
  totalMs: number;
  rowsPerSecond: number;
}

/** The same rows, iterated and formatted as the response does, in this process, with no HTTP. */
function exportBaseline(dbPath: string): ExportBaseline {
  const db = openDatabase(dbPath);
  try {
    const t0 = performance.now();
    const next = exportChunks(db, { kind: "requests", purpose: "review" });
    let rows = 0;
    let bytes = 0;
    let first = -1;
    for (let chunk = next(); chunk; chunk = next()) {
      if (first < 0) first = performance.now() - t0;
      rows += chunk.rows;
      bytes += Buffer.byteLength(chunk.text);
    }
    const totalMs = performance.now() - t0;
    return { rows, bytes, firstChunkMs: first, totalMs, rowsPerSecond: rows / (totalMs / 1000) };
  } finally {
    db.close();
  }
}

// --- The section ------------------------------------------------------------------------------

export interface StaffBenchResult {
  built: Built;
  list: GetLoadResult;
  question: GetLoadResult;
  inbox: GetLoadResult;
  inboxNew: number;
  exports: ExportRun[];
  baseline: ExportBaseline;
}

/** The production server on the bench database, one process. */
function benchServer(dbPath: string, env: Record<string, string> = {}) {
  return startServer({
    DATABASE_PATH: dbPath,
    WEB_CONCURRENCY: "1",
    LOG_LEVEL: "silent",
    BACKUP_EVERY_MINUTES: "0",
    FRESHNESS_EVERY_WEEKS: "0",
    RATE_LIMIT_POSTS_PER_MINUTE: "0",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    ...env,
  });
}

/**
 * The slow client on a fresh process whose V8 old space is capped at
 * HEAP_CAP_MB, so garbage is collected as soon as it would take more: what
 * remains of its growth is what the server holds for the client.
 */
const HEAP_CAP_MB = 64;
async function slowRunWithHeapCap(dbPath: string): Promise<ExportRun | null> {
  const server = await benchServer(dbPath, { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` });
  try {
    const cookie = await signInAsStaff(server, dbPath);
    return await slowExportRun(`slow client, fresh process, old space capped at ${HEAP_CAP_MB} MB`, server, cookie);
  } finally {
    await server.stop();
  }
}

/** A fast client's export as the first request of a fresh process: the heap's first growth, for comparison with the slow client's. */
async function fastFirstRun(dbPath: string): Promise<ExportRun> {
  const server = await benchServer(dbPath);
  try {
    const cookie = await signInAsStaff(server, dbPath);
    return await exportRun("fast client, first export of a fresh process", server, cookie, "identity");
  } finally {
    await server.stop();
  }
}

export async function staffBench(): Promise<StaffBenchResult> {
  const built = buildDatabase();
  let server: RunningServer | undefined;
  try {
    server = await benchServer(built.path);
    const cookie = await signInAsStaff(server, built.path);
    const listPath = `/staff/requests?status=new&group=${built.slug}`;
    const check = await fetch(new URL(listPath, server.baseURL), { headers: { Cookie: cookie } });
    const html = await check.text();
    if (check.status !== 200 || !html.includes("data-request-id")) throw new Error(`GET ${listPath} → ${check.status} without rows`);
    // The slow client first, on a server that has grown nothing yet (memory freed by earlier runs stays resident and would hide what it holds); then again.
    const slowFirst = await slowExportRun(`slow client, first export of a fresh process`, server, cookie);
    const slowAgain = await slowExportRun(`slow client, the same export again`, server, cookie);
    const common = { baseURL: server.baseURL, clients: STAFF_BENCH.clients, seconds: STAFF_BENCH.seconds, warmupSeconds: STAFF_BENCH.warmupSeconds };
    const list = await getLoadInChild({ ...common, label: "staff requests list, filtered", path: listPath, cookie });
    const question = await getLoadInChild({ ...common, label: "public question page", path: "/eligibility/experience", cookie: "" });
    const convenorCookie = await signInAsStaff(server, built.path, CONVENOR_BENCH.email);
    const inboxPath = `/convenor?status=new&group=${CONVENOR_BENCH.slug}`;
    const inboxCheck = await fetch(new URL(inboxPath, server.baseURL), { headers: { Cookie: convenorCookie } });
    if (inboxCheck.status !== 200 || !(await inboxCheck.text()).includes("data-request-id")) throw new Error(`GET ${inboxPath} → ${inboxCheck.status} without rows`);
    const inbox = await getLoadInChild({ ...common, label: "convenor inbox, filtered", path: inboxPath, cookie: convenorCookie });
    const exports = [
      await exportRun("fast client, uncompressed", server, cookie, "identity"),
      await exportRun("fast client, gzip (as a browser asks)", server, cookie, "gzip"),
    ];
    await server.stop();
    server = undefined;
    exports.push(await fastFirstRun(built.path));
    const slowCapped = await slowRunWithHeapCap(built.path);
    for (const run of [slowFirst, slowAgain, slowCapped]) if (run) exports.push(run);
    const baseline = exportBaseline(built.path);
    const counted = new Database(built.path, { readonly: true });
    const inboxNew = (counted.prepare("SELECT count(*) AS n FROM join_requests r JOIN groups g ON g.id = r.group_id WHERE g.slug = ? AND r.status = 'new'").get(CONVENOR_BENCH.slug) as { n: number }).n;
    counted.close();
    return { built, list, question, inbox, inboxNew, exports, baseline };
  } finally {
    await server?.stop();
    rmSync(built.dir, { recursive: true, force: true });
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const per = (n: number) => `${Math.round(n).toLocaleString("en-AU")}/s`;
const mark = (ok: boolean) => (ok ? "✓ met" : "✗ missed");

export function staffBenchLines(r: StaffBenchResult): string[] {
  const { built, list, question, baseline } = r;
  const lines = [
    `7. Staff back office at scale: ${STAFF_BENCH.groups} groups, ${STAFF_BENCH.requests.toLocaleString("en-AU")} join requests, ${STAFF_BENCH.waiting.toLocaleString("en-AU")} people waiting, built with db/ functions in one transaction in ${ms(built.ms, 0)}; production server, WEB_CONCURRENCY=1, signed in as the demo staff account.`,
    `   Filtered list: GET /staff/requests?status=new&group=${built.slug} (${built.newInGroup} new requests in that group, 25 a page), ${STAFF_BENCH.clients} clients, ${STAFF_BENCH.warmupSeconds} s warm-up then ${STAFF_BENCH.seconds} s, beside GET /eligibility/experience under the same load.`,
  ];
  const row = (x: GetLoadResult) => `   ${x.label.padEnd(30)} ${String(x.requests).padStart(6)} requests, ${x.perSecond.toFixed(0)}/s, p50 ${ms(x.latency.p50)}, p95 ${ms(x.latency.p95)}, p99 ${ms(x.latency.p99)}, errors ${x.errors}, ${Math.round(x.bytes).toLocaleString("en-AU")} B a page (compressed)`;
  lines.push(row(list), row(question));
  for (const x of [list, question]) if (x.lastError) lines.push(`   last error (${x.label}): ${x.lastError}`);
  lines.push(`   p95 list/question page ${ratio(list.latency.p95, question.latency.p95)}.`);
  lines.push(
    `   Convenor inbox: GET /convenor?status=new&group=${CONVENOR_BENCH.slug} as that group's convenor (${CONVENOR_BENCH.requests.toLocaleString("en-AU")} requests in the group, ${r.inboxNew.toLocaleString("en-AU")} of them new, 25 a page), same load:`,
    row(r.inbox),
    `   p95 inbox/question page ${ratio(r.inbox.latency.p95, question.latency.p95)}.`,
  );
  if (r.inbox.lastError) lines.push(`   last error (${r.inbox.label}): ${r.inbox.lastError}`);
  lines.push(`   CSV export of all ${STAFF_BENCH.requests.toLocaleString("en-AU")} requests (POST /staff/exports/requests, purpose=review, every column), server RSS sampled every ${STAFF_BENCH.sampleMs} ms against its idle RSS:`);
  for (const e of r.exports) {
    const warmUp = e.label.includes("first export of a fresh process");
    const timing = Number.isNaN(e.ttfbMs) ? `all read ${ms(e.totalMs, 0)} after asking` : `first byte ${ms(e.ttfbMs)}, all in ${ms(e.totalMs, 0)}, ${per(e.rowsPerSecond)} rows`;
    lines.push(
      `   ${e.label.padEnd(40)} ${e.status} ${e.rows.toLocaleString("en-AU")} rows, ${mb(e.bytes)} CSV (${mb(e.wireBytes)} on the wire), ${timing}; RSS idle ${mb(e.idleRss)}, peak ${mb(e.peakRss)}, growth ${mb(e.growth)}${warmUp ? " (heap warm-up, see below)" : ` — target ≤ ${STAFF_BENCH.rssTargetMb} MB: ${mark(e.growth <= STAFF_BENCH.rssTargetMb * 1e6)}`}`,
    );
  }
  if (!r.exports.some((e) => Number.isNaN(e.ttfbMs))) lines.push("   (no python3: the slow client was not run)");
  else
    lines.push(
      `   The slow client (a 32 KB receive buffer, reading nothing for ${PAUSE_S} s) gets the export through Remix's adapter, patched (patches/@remix-run+node) to wait for the socket to drain: the server reads the next batch only when the client has taken the last, so it holds about one batch.`,
      "   The first export of a fresh process grows its V8 heap before the first full collection, whatever the client (compare the fast client's first export of a fresh process); that memory is garbage, returned after the export.",
      `   The same export again, and a fresh process whose old space is capped at ${HEAP_CAP_MB} MB (garbage collected as soon as it would take more), show what is held for the client.`,
    );
  lines.push(`   Baseline, the same rows iterated and formatted in this process with no HTTP: ${baseline.rows.toLocaleString("en-AU")} rows, ${mb(baseline.bytes)}, first chunk ${ms(baseline.firstChunkMs)}, all in ${ms(baseline.totalMs, 0)}, ${per(baseline.rowsPerSecond)} rows.`);
  return lines;
}

export function staffBenchSummaryRows(r: StaffBenchResult): string[][] {
  const fastRuns = r.exports.filter((e) => !Number.isNaN(e.ttfbMs) && !e.label.includes("fresh process"));
  const fastFirst = r.exports.find((e) => !Number.isNaN(e.ttfbMs) && e.label.includes("fresh process"));
  const fast = fastRuns[0]!;
  const worst = fastRuns.reduce((a, b) => (b.growth > a.growth ? b : a));
  const slow = r.exports.filter((e) => Number.isNaN(e.ttfbMs));
  const target = (e: ExportRun) => `≤ ${STAFF_BENCH.rssTargetMb} MB ${mark(e.growth <= STAFF_BENCH.rssTargetMb * 1e6)}`;
  // The first export of a fresh process: V8's first heap growth, printed, not held (see the section's notes).
  const targetOf = (e: ExportRun) => (e.label.includes("first export of a fresh process") ? "heap warm-up, not held" : target(e));
  return [
    [`Staff requests list p95, ${STAFF_BENCH.clients} clients, 100k requests`, ms(r.list.latency.p95), `question page ${ms(r.question.latency.p95)}`, ratio(r.list.latency.p95, r.question.latency.p95), ""],
    [`Convenor inbox p95 (status filter), ${STAFF_BENCH.clients} clients, ${CONVENOR_BENCH.requests.toLocaleString("en-AU")} requests in the group`, ms(r.inbox.latency.p95), `question page ${ms(r.question.latency.p95)}`, ratio(r.inbox.latency.p95, r.question.latency.p95), ""],
    ["CSV export of 100k requests, rows per second", per(fast.rowsPerSecond), `no HTTP ${per(r.baseline.rowsPerSecond)}`, ratio(fast.rowsPerSecond, r.baseline.rowsPerSecond), ""],
    ["CSV export, time to first byte", ms(fast.ttfbMs), `first chunk, no HTTP ${ms(r.baseline.firstChunkMs)}`, ratio(fast.ttfbMs, r.baseline.firstChunkMs), ""],
    [`CSV export, peak server RSS growth (${worst.label})`, mb(worst.growth), `idle ${mb(worst.idleRss)}`, "", target(worst)],
    ...(fastFirst ? [[`CSV export, peak server RSS growth (${fastFirst.label})`, mb(fastFirst.growth), `idle ${mb(fastFirst.idleRss)}`, "", "heap warm-up, not held"]] : []),
    ...slow.map((e) => [`CSV export, peak server RSS growth (${e.label})`, mb(e.growth), `idle ${mb(e.idleRss)}`, "", targetOf(e)]),
  ];
}
