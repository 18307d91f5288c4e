/**
 * Answer round trips under load: N clients, each with its own wizard session
 * and its own keep-alive connection, each doing POST answer → 303 → GET next
 * page back to back. Latency is measured per round trip (POST sent → last
 * byte of the next page).
 *
 * The wizard is kept cycling between two equally shaped round trips:
 *   A. at `practice`:    POST /eligibility/practice    practice=paid         → 303 /eligibility/supervision, GET it
 *   B. at `supervision`: POST /eligibility/experience  experience=workshops  → 303 /eligibility/practice,    GET it
 * (B answers an already answered question again, which the statechart allows
 * from any later step, and routes back to `practice`.) Both are counted.
 */
import { fork } from "node:child_process";
import type http from "node:http";
import path from "node:path";
import type { BareServerMessage, CannedResponse } from "./bare-server";
import { cookieFrom, newAgent, request, type HttpResponse } from "./http";
import { summarize, type Summary } from "./stats";

const COOKIE = "pwcop_wizard";
const FORM = "application/x-www-form-urlencoded";
/** What a browser sends; the app compresses its HTML accordingly. */
const BROWSER_HEADERS: Readonly<Record<string, string>> = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Accept-Encoding": "gzip, deflate, br",
  "Accept-Language": "en-AU,en;q=0.9",
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
};

interface Leg {
  post: string;
  body: string;
  next: string;
}
const LEGS: readonly [Leg, Leg] = [
  { post: "/eligibility/practice", body: "practice=paid", next: "/eligibility/supervision" },
  { post: "/eligibility/experience", body: "experience=workshops", next: "/eligibility/practice" },
];
const START: Leg = LEGS[1];

interface Client {
  agent: http.Agent;
  /** Sent on every request, as a browser would. */
  headers: Record<string, string>;
  cookie: string;
  leg: 0 | 1;
}

export interface LoadResult {
  label: string;
  clients: number;
  seconds: number;
  roundTrips: number;
  perSecond: number;
  latency: Summary;
  /** The warm-up's round trips, reported but not counted: a cold process, before V8 has optimised the hot paths. */
  warmupLatency: Summary;
  /** Failed round trips, warm-up included. */
  errors: number;
  lastError?: string;
  /** Mean bytes on the wire of the GET page (as sent, i.e. compressed when the server compresses). */
  pageBytes: number;
}

async function post(base: URL, c: Client, leg: Leg, keepBody = false): Promise<HttpResponse> {
  const h: Record<string, string> = { ...c.headers, "Content-Type": FORM, Origin: base.origin };
  if (c.cookie) h.Cookie = c.cookie;
  const res = await request(c.agent, new URL(leg.post, base), "POST", h, leg.body, keepBody);
  const location = res.headers.location ? new URL(res.headers.location, base).pathname : undefined;
  if (res.status !== 303 || location !== leg.next) {
    throw new Error(`POST ${leg.post} → ${res.status} ${res.headers.location ?? ""} (expected 303 ${leg.next})`);
  }
  return res;
}

async function get(base: URL, c: Client, pathname: string, keepBody = false): Promise<HttpResponse> {
  const res = await request(c.agent, new URL(pathname, base), "GET", { ...c.headers, Cookie: c.cookie }, undefined, keepBody);
  if (res.status !== 200) throw new Error(`GET ${pathname} → ${res.status}`);
  return res;
}

/** A new wizard session positioned at `practice` (experience answered). */
async function newClient(base: URL, acceptEncoding?: string): Promise<Client> {
  const headers = acceptEncoding === undefined ? { ...BROWSER_HEADERS } : { ...BROWSER_HEADERS, "Accept-Encoding": acceptEncoding };
  const c: Client = { agent: newAgent(), headers, cookie: "", leg: 0 };
  const res = await post(base, c, START);
  const cookie = cookieFrom(res.headers, COOKIE);
  if (!cookie) throw new Error(`POST ${START.post} set no ${COOKIE} cookie`);
  c.cookie = cookie;
  return c;
}

async function roundTrip(base: URL, c: Client): Promise<{ ms: number; pageBytes: number }> {
  const leg = LEGS[c.leg];
  const t0 = performance.now();
  const res = await post(base, c, leg);
  c.cookie = cookieFrom(res.headers, COOKIE) ?? c.cookie;
  const page = await get(base, c, leg.next);
  const ms = performance.now() - t0;
  c.leg = c.leg === 0 ? 1 : 0;
  return { ms, pageBytes: page.bodyBytes };
}

async function drive(base: URL, clients: Client[], seconds: number) {
  const latencies: number[] = [];
  let pageBytes = 0;
  let errors = 0;
  let lastError: string | undefined;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        try {
          const r = await roundTrip(base, c);
          latencies.push(r.ms);
          pageBytes += r.pageBytes;
        } catch (error) {
          errors++;
          lastError = error instanceof Error ? error.message : String(error);
          // Put the session back at `practice` and carry on.
          try {
            c.cookie = cookieFrom((await post(base, c, START)).headers, COOKIE) ?? c.cookie;
            c.leg = 0;
          } catch {
            await new Promise((r) => setTimeout(r, 10));
          }
        }
      }
    }),
  );
  return { latencies, pageBytes, errors, lastError, elapsed: (performance.now() - t0) / 1000 };
}

/** Warm up, then measure, `clients` concurrent clients against `baseURL`. */
export async function loadTest(
  label: string,
  baseURL: string,
  opts: { clients: number; seconds: number; warmupSeconds: number; acceptEncoding?: string },
): Promise<LoadResult> {
  const base = new URL(baseURL);
  const clients: Client[] = [];
  for (let i = 0; i < opts.clients; i++) clients.push(await newClient(base, opts.acceptEncoding));
  const warm = await drive(base, clients, opts.warmupSeconds);
  const run = await drive(base, clients, opts.seconds);
  for (const c of clients) c.agent.destroy();
  return {
    label,
    clients: opts.clients,
    seconds: run.elapsed,
    roundTrips: run.latencies.length,
    perSecond: run.latencies.length / run.elapsed,
    latency: summarize(run.latencies),
    warmupLatency: summarize(warm.latencies),
    errors: run.errors + warm.errors,
    lastError: run.lastError ?? warm.lastError,
    pageBytes: run.latencies.length ? run.pageBytes / run.latencies.length : 0,
  };
}

const DROP_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

function canned(method: "GET" | "POST", pathname: string, res: HttpResponse): CannedResponse {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !DROP_HEADERS.has(k)) headers[k] = v;
  return { method, path: pathname, status: res.status, headers, body: (res.body ?? Buffer.alloc(0)).toString("base64") };
}

/** Records, from one session, exactly what the app answers to each request of both round trips. */
export async function captureResponses(baseURL: string): Promise<CannedResponse[]> {
  const base = new URL(baseURL);
  const c = await newClient(base);
  const out: CannedResponse[] = [];
  try {
    for (const leg of LEGS) {
      const res = await post(base, c, leg, true);
      c.cookie = cookieFrom(res.headers, COOKIE) ?? c.cookie;
      out.push(canned("POST", leg.post, res));
      out.push(canned("GET", leg.next, await get(base, c, leg.next, true)));
    }
  } finally {
    c.agent.destroy();
  }
  return out;
}

export interface BareServer {
  baseURL: string;
  stop(): Promise<void>;
}

/** Starts scripts/bench/bare-server.ts in its own process, serving `routes`. */
export async function startBareServer(routes: CannedResponse[]): Promise<BareServer> {
  const child = fork(path.join(import.meta.dirname, "bare-server.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`bare server exited (${code})`)));
    child.send({ routes } satisfies BareServerMessage);
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
