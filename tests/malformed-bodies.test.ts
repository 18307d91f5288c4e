/**
 * Malformed bodies against the real production server (build/, see
 * tests/global-setup.ts). Every action, fed anything (missing fields, wrong
 * values, huge strings, broken encodings, events the statechart cannot take
 * now, garbage or tampered cookies), must answer:
 *
 * - 4xx with a message a person can read (an HTML page with an error summary
 *   or a heading, or plain text), never a stack trace; or
 * - a 3xx to a same-origin wizard/newsletter path that, fetched with the
 *   visitor's cookie, is a page they can see (200): "the right step";
 * - and never 5xx. Bodies over 64 KB (by Content-Length) are 413.
 *
 * Text people type (names, notes, email addresses) gets its own property:
 * control and bidi characters, web addresses, 10,000 characters, display
 * names and lists of addresses are refused with 400 and the field's own
 * message next to the field, and nothing is stored (read from the server's
 * SQLite file).
 *
 * Plain fetch with `redirect: "manual"`; the `pwcop_wizard` cookie is kept by
 * hand. The fast-check property collects every violation before failing, so
 * one run reports them all. Reproduce with FC_SEED=<seed> (and FC_PATH=<run>
 * to replay a single run).
 */
import { createHmac } from "node:crypto";
import net from "node:net";
import Database from "better-sqlite3";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import followUpCopy from "../content/follow-up.json";
import wizardCopy from "../content/eligibility.json";
import { DEMO_GROUPS } from "../db/demo-groups";
import { INTERESTS } from "../db/queries/newsletter";
import { COUNTRY, DISTANCE_KM, EXPERIENCE, FORMAT, HOPES, PRACTICE, SUPERVISION } from "../machines/answers";

const baseURL = inject("baseURL");
const databasePath = inject("databasePath");

const SEED = Number(process.env.FC_SEED ?? 20_251_123);
const NUM_RUNS = Number(process.env.FC_RUNS ?? 1_200);
const MAX_BODY_BYTES = 64 * 1024;
const COOKIE_NAME = "pwcop_wizard";

const STEPS = ["experience", "practice", "supervision", "hopes", "location", "place", "check"] as const;
const SLUGS = DEMO_GROUPS.map((g) => g.slug);
const REAL_FIELDS = [
  "experience", "practice", "supervision", "hopes", "country", "place", "format", "distanceKm", "areaId",
  "intent", "returnTo", "name", "email", "note", "consent", "interests", "website",
] as const;
/** Routes that have no action: a POST must be refused politely. */
const GET_ONLY = [
  "/eligibility/outcome", "/", "/who-is-it-for", "/training", "/privacy", "/credits", "/newsletter/thanks",
  "/eligibility/join/perth-fremantle/sent", "/eligibility/join/nope/sent", "/healthz", "/favicon.svg",
  "/assets/nothing.js", "/no/such/page",
] as const;

const s = wizardCopy.steps;
const COULD_NOT_READ = "We could not read that form. Please go back and try again.";
const TOO_BIG = "That was more than this form accepts. Please shorten your answer and try again.";

// ---------------------------------------------------------------------------
// HTTP by hand

interface Req {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer>;
  /** Sent as a stream (Transfer-Encoding: chunked, no Content-Length). */
  chunked?: boolean;
}

interface Res {
  status: number;
  contentType: string;
  location: string | null;
  /** Where a legacy `?_data` request is told to go (Remix answers those with 204 + X-Remix-Redirect). */
  remixRedirect: string | null;
  /** `pwcop_wizard=…` to send back, "" when the server cleared it, undefined when it did not set it. */
  setCookie: string | undefined;
  text: string;
}

const utf8 = new TextEncoder();

/** Connections reset by the server and retried once (see sendOnce). */
const resets: string[] = [];
let lastExchange = "(none)";

/**
 * Sends a request; a connection reset is retried once and counted. Resets
 * were seen, rarely, on the request after a refused oversized upload: the
 * server answers 413 before reading the body and keeps the connection
 * alive, so the next request on that socket can be cut off. The retry goes
 * on a fresh connection; a second failure is a real failure.
 */
async function send(req: Req): Promise<Res> {
  const before = lastExchange;
  try {
    return await sendOnce(req);
  } catch (error) {
    const code = error instanceof Error && error.cause && typeof error.cause === "object" && "code" in error.cause ? String(error.cause.code) : "";
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET" && code !== "EPIPE") throw error;
    resets.push(`${req.method} ${req.path}: ${code} (request before it: ${before})`);
    return sendOnce(req);
  }
}

async function sendOnce(req: Req): Promise<Res> {
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: req.headers, redirect: "manual" };
  if (req.body !== undefined) {
    if (req.chunked) {
      const bytes = req.body;
      init.body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.subarray(i, i + 16_384));
          controller.close();
        },
      });
      init.duplex = "half";
    } else {
      init.body = req.body;
    }
  }
  lastExchange = `${req.method} ${req.path.slice(0, 80)}, ${req.body?.length ?? 0} bytes${req.chunked ? " chunked" : ""}: no response`;
  const res = await fetch(baseURL + req.path, init);
  const text = await res.text();
  lastExchange = lastExchange.replace(/no response$/, String(res.status));
  const raw = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`));
  const pair = raw?.split(";")[0];
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    location: res.headers.get("location"),
    remixRedirect: res.headers.get("x-remix-redirect"),
    setCookie: pair === undefined ? undefined : pair === `${COOKIE_NAME}=` ? "" : pair,
    text,
  };
}

function post(path: string, body: string | undefined, opts: { cookie?: string; type?: string | null } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  const type = opts.type === undefined ? "application/x-www-form-urlencoded" : opts.type;
  if (type !== null && body !== undefined) headers["content-type"] = type;
  if (opts.cookie) headers.cookie = opts.cookie;
  return send({ method: "POST", path, headers, body: body === undefined ? undefined : utf8.encode(body) });
}

function get(path: string, cookie?: string): Promise<Res> {
  return send({ method: "GET", path, headers: cookie ? { cookie } : {} });
}

const form = (pairs: [string, string][]) => {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return p.toString();
};

/** A visitor: the wizard cookie as a browser would keep it. */
class Visitor {
  cookie: string | undefined;
  constructor(cookie?: string) {
    this.cookie = cookie;
  }
  keep(res: Res) {
    if (res.setCookie !== undefined) this.cookie = res.setCookie || undefined;
    return res;
  }
  async post(path: string, pairs: [string, string][]) {
    return this.keep(await post(path, form(pairs), { cookie: this.cookie }));
  }
  async get(path: string) {
    return this.keep(await get(path, this.cookie));
  }
}

// ---------------------------------------------------------------------------
// Reading responses

const decodeEntities = (t: string) =>
  t
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
const textOf = (html: string) => decodeEntities(html.replace(/<!--.*?-->/gs, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();

/** The messages in the page's GOV.UK error summary. */
function errorSummary(html: string): string[] {
  const list = /<ul class="error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!)).filter(Boolean);
}

function mainOf(html: string): string | undefined {
  return /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1];
}

/** The message a person reads on a 4xx response, or why there is none. */
function readableMessage(res: Res, dataRequest: boolean): { message: string } | { problem: string } {
  if (res.contentType.startsWith("text/plain")) {
    const t = res.text.trim();
    return t.length >= 10 ? { message: t } : { problem: `plain-text body too short: ${JSON.stringify(t)}` };
  }
  if (dataRequest && res.contentType.startsWith("text/x-script")) {
    // Single-fetch (.data) answers are for the browser's Remix runtime, not for people to read.
    return res.text.length > 0 ? { message: "(turbo-stream)" } : { problem: "empty single-fetch body" };
  }
  if (!res.contentType.startsWith("text/html")) return { problem: `unexpected content type ${JSON.stringify(res.contentType)}` };
  const main = mainOf(res.text);
  if (main === undefined) return { problem: "HTML without <main>" };
  const summary = errorSummary(main);
  if (summary.length) return { message: summary.join(" | ") };
  if (/<form\b/i.test(main) && res.status === 400) return { problem: "400 form page without an error summary" };
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(main)?.[1];
  const heading = h1 ? textOf(h1) : "";
  if (!heading) return { problem: "error page without a heading" };
  return { message: textOf(main) };
}

const CWD = process.cwd().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const LEAKS: [string, RegExp][] = [
  ["stack frame line", /^\s*at\s+\S.*:\d+:\d+\)?\s*$/m],
  ["stack frame", /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^)\s"]*:\d+:\d+/],
  ["node_modules path", /node_modules/],
  ["error with a file path", /Error:[^\n"<]*(?:file:\/\/|\/)[\w./-]+\.(?:[cm]?js|tsx?)\b/],
  ["server directory", new RegExp(CWD)],
  ["JavaScript error class", /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|SqliteError|ZodError)\b/],
];

function leakIn(text: string): string | undefined {
  // Remix's stand-in for a server error, where a person would read it (405 pages carry it, sanitised, in their hydration data).
  const visible = mainOf(text);
  if (visible !== undefined && /Unexpected Server Error/.test(visible)) return "Remix's \"Unexpected Server Error\" on the page";
  for (const [name, re] of LEAKS) {
    const m = re.exec(text);
    if (m) return `${name}: ${JSON.stringify(text.slice(Math.max(0, m.index - 80), m.index + 160))}`;
  }
  return undefined;
}

/** Same-origin paths a wizard, join or newsletter action may send someone to. */
const ALLOWED_LOCATION =
  /^\/(?:eligibility(?:\/(?:experience|practice|supervision|hopes|location|place|check|outcome|join\/[a-z0-9-]+(?:\/sent)?))?|newsletter\/thanks)$/;

function preview(bytes: Uint8Array | undefined, max = 400): string {
  if (bytes === undefined) return "(no body)";
  const t = new TextDecoder().decode(bytes.subarray(0, max));
  return `${bytes.length} bytes: ${JSON.stringify(t)}${bytes.length > max ? "…" : ""}`;
}

function describeExchange(req: Req, res: Res | undefined, note: string): string {
  const lines = [
    note,
    `  request:  ${req.method} ${req.path}${req.chunked ? " (chunked)" : ""}`,
    `  headers:  ${JSON.stringify(req.headers)}`,
    `  body:     ${preview(req.body)}`,
  ];
  if (res) {
    lines.push(`  response: ${res.status} ${res.contentType}${res.location ? ` Location: ${res.location}` : ""}`);
    const main = mainOf(res.text);
    lines.push(`  response body: ${JSON.stringify((main ?? res.text).slice(0, 700))}`);
  }
  return lines.join("\n");
}

/**
 * Remix 2 still answers its legacy `?_data=<route id>` protocol (meant for
 * its own browser runtime, unused here since single fetch): JSON bodies,
 * redirects as 204 + X-Remix-Redirect, 403 when the route id does not match.
 * Not pages for people, so only: no 5xx, no internals, same-origin targets.
 */
async function checkLegacyDataResponse(req: Req, res: Res, visitor: Visitor): Promise<string[]> {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`server error ${res.status} (legacy ?_data request)`);
  const leak = leakIn(res.text);
  if (leak) problems.push(`leaks internals (${leak})`);
  const bytes = req.body?.length ?? 0;
  if (!req.chunked && bytes > MAX_BODY_BYTES && res.status !== 413) problems.push(`body of ${bytes} bytes not refused with 413`);
  const target = res.remixRedirect ?? (res.status >= 300 && res.status < 400 ? res.location : null);
  if (target !== null) {
    if (!ALLOWED_LOCATION.test(target)) problems.push(`redirect to unexpected Location ${JSON.stringify(target)}`);
    else {
      visitor.keep(res);
      const page = await get(target, visitor.cookie);
      if (page.status !== 200) problems.push(`redirect to ${target}, which answers ${page.status}${page.location ? ` → ${page.location}` : ""} for this visitor`);
    }
  }
  return problems;
}

/** Whether the server still takes new TCP connections (a pooled keep-alive socket may outlive its listener). */
function acceptsConnections(): Promise<boolean> {
  const { port, hostname } = new URL(baseURL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** What a failed fetch means: the error, and whether the server is still up. */
async function networkFailure(error: unknown): Promise<string> {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  let alive = "no";
  try {
    alive = (await fetch(`${baseURL}/healthz`)).ok ? "yes" : "unhealthy";
  } catch {
    // down
  }
  const listening = await acceptsConnections();
  return `${error instanceof Error ? error.message : String(error)}${cause}; /healthz (pooled connection): ${alive}; new connections accepted: ${listening ? "yes" : "no"}`;
}

/**
 * Checks one action response. Returns problems (empty when fine). For a
 * redirect it also fetches the target with the visitor's cookie: the step it
 * names must be one the visitor can see now.
 */
async function checkResponse(req: Req, res: Res, visitor: Visitor): Promise<string[]> {
  const problems: string[] = [];
  const dataRequest = /\.data(?:\?|$)/.test(req.path);
  if (/[?&]_data=/.test(req.path)) return checkLegacyDataResponse(req, res, visitor);
  const bytes = req.body?.length ?? 0;
  if (res.status >= 500) problems.push(`server error ${res.status}`);
  const leak = leakIn(res.text);
  if (leak) problems.push(`leaks internals (${leak})`);

  if (!req.chunked && bytes > MAX_BODY_BYTES && res.status !== 413) problems.push(`body of ${bytes} bytes not refused with 413`);
  if (bytes <= MAX_BODY_BYTES && res.status === 413) problems.push(`body of ${bytes} bytes refused with 413`);

  const redirect = (res.status >= 300 && res.status < 400) || (dataRequest && res.status === 202 && res.location !== null);
  if (redirect) {
    const loc = res.location;
    if (!loc) problems.push("redirect without Location");
    else if (!ALLOWED_LOCATION.test(loc)) problems.push(`redirect to unexpected Location ${JSON.stringify(loc)}`);
    else {
      visitor.keep(res);
      const target = await get(loc, visitor.cookie);
      if (target.status !== 200) {
        problems.push(`redirect to ${loc}, which answers ${target.status}${target.location ? ` → ${target.location}` : ""} for this visitor`);
      }
      const targetLeak = leakIn(target.text);
      if (targetLeak) problems.push(`redirect target leaks internals (${targetLeak})`);
    }
  } else if (res.status >= 400 && res.status < 500) {
    const readable = readableMessage(res, dataRequest);
    if ("problem" in readable) problems.push(`4xx without a readable message: ${readable.problem}`);
    visitor.keep(res);
  } else if (res.status < 500) {
    problems.push(`unexpected status ${res.status} for a POST`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Forged cookies: correctly signed (the secret is in the test database), bad inside

let secret: string | undefined;

function signedCookie(value: unknown): string {
  if (!secret) return `${COOKIE_NAME}=unsigned`;
  const encoded = Buffer.from(JSON.stringify(value), "utf8").toString("base64");
  const signature = createHmac("sha256", secret).update(encoded).digest("base64").replace(/=+$/, "");
  return `${COOKIE_NAME}=${encodeURIComponent(`${encoded}.${signature}`)}`;
}

function sessionIdOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(COOKIE_NAME.length + 1));
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8")) as string;
}

// ---------------------------------------------------------------------------
// Journeys: a random prefix of valid answers puts the wizard in a random state

const LOCATIONS: [string, string][][] = [
  [["country", "AU"], ["place", "Richmond"], ["format", "in_person"], ["distanceKm", "25"]], // several places: → place
  [["country", "AU"], ["place", "Fremantle"], ["format", "in_person"], ["distanceKm", "25"]], // one place, a group near
  [["country", "AU"], ["place", "3056"], ["format", "either"], ["distanceKm", "10"]],
  [["country", "NZ"], ["place", "Ponsonby"], ["format", "online"]],
  [["country", "NZ"], ["place", "Richmond"], ["format", "either"], ["distanceKm", "100"]],
  [["country", "AU"], ["place", "Birdsville"], ["format", "in_person"], ["distanceKm", "10"]], // no group near
  [["country", "other"], ["place", "Berlin"], ["format", "in_person"]],
  [["country", "other"], ["place", ""], ["format", "online"]],
];

type JourneyStep =
  | { kind: "answer"; path: string; pairs: [string, string][] }
  | { kind: "place"; pick: number }
  | { kind: "confirm" }
  | { kind: "change"; path: string; pairs: [string, string][] };

const subsetOf = <T,>(xs: readonly T[]) => fc.subarray([...xs]);

function journeyArb(): fc.Arbitrary<JourneyStep[]> {
  const fits = fc.boolean();
  return fc
    .record({
      fits,
      experience: fc.constantFrom(...EXPERIENCE),
      practice: fc.constantFrom(...PRACTICE),
      supervision: fc.constantFrom(...SUPERVISION),
      hopes: subsetOf(HOPES),
      location: fc.nat(LOCATIONS.length - 1),
      pick: fc.nat(30),
      change: fc.constantFrom(...(["experience", "practice", "supervision", "hopes", "location"] as const)),
      changeLocation: fc.nat(LOCATIONS.length - 1),
      length: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 8 }), weight: 3 }, { arbitrary: fc.constant(7), weight: 1 }),
    })
    .map((j) => {
      const steps: JourneyStep[] = [
        { kind: "answer", path: "/eligibility/experience", pairs: [["experience", j.fits ? "training_program" : j.experience]] },
        { kind: "answer", path: "/eligibility/practice", pairs: [["practice", j.fits ? "paid" : j.practice]] },
        { kind: "answer", path: "/eligibility/supervision", pairs: [["supervision", j.fits ? "no" : j.supervision]] },
        { kind: "answer", path: "/eligibility/hopes", pairs: j.hopes.map((h): [string, string] => ["hopes", h]) },
        { kind: "answer", path: "/eligibility/location", pairs: LOCATIONS[j.fits ? 1 : j.location]! },
        { kind: "place", pick: j.pick },
        { kind: "confirm" },
        {
          kind: "change",
          path: `/eligibility/${j.change}`,
          pairs: [
            ...(j.change === "location"
              ? LOCATIONS[j.changeLocation]!
              : j.change === "hopes"
                ? [["hopes", "connection"] as [string, string]]
                : [[j.change, j.change === "experience" ? "workshops" : j.change === "practice" ? "unpaid" : "no"] as [string, string]]),
            ["returnTo", "check"],
          ],
        },
      ];
      return steps.slice(0, j.length);
    });
}

/** Plays a journey; every response must already be sane (these are valid answers). */
async function play(journey: JourneyStep[], visitor: Visitor): Promise<string[]> {
  const problems: string[] = [];
  for (const step of journey) {
    let res: Res;
    let path: string;
    if (step.kind === "answer" || step.kind === "change") {
      path = step.path;
      res = await visitor.post(path, step.pairs);
    } else if (step.kind === "place") {
      path = "/eligibility/place";
      const page = await visitor.get(path);
      const ids = [...page.text.matchAll(/name="areaId" value="([^"]+)"/g)].map((m) => m[1]!);
      res = await visitor.post(path, [["areaId", ids.length ? ids[step.pick % ids.length]! : "au-0000-nowhere"]]);
    } else {
      path = "/eligibility/check";
      res = await visitor.post(path, []);
    }
    if (res.status >= 500 || leakIn(res.text)) problems.push(`journey step POST ${path} answered ${res.status}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Malformed requests

const printable = fc.constantFrom(..." !#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\"\\,;");
const asciiString = (maxLength: number) => fc.string({ unit: printable, maxLength });

const VALID_VALUES = [
  ...EXPERIENCE, ...PRACTICE, ...SUPERVISION, ...HOPES, ...COUNTRY, ...FORMAT, ...DISTANCE_KM.map(String), ...INTERESTS,
  "yes", "check", "Fremantle", "Richmond", "Ponsonby", "3056", "Berlin", "au-2753-richmond", "au-6160-fremantle",
  "Fuzz Person", "fuzz.tester@example.test", "",
];
const WRONG_VALUES = [
  " ", "\t\n", "AU ", "au", "Au", "ＡＵ", "NZL", "other ", "10.0", "010", "1e1", "-10", "0", "15", "Infinity", "NaN",
  "null", "undefined", "true", "on", "[object Object]", "__proto__", "constructor", "toString", "yes ", "YES", "no@", "@",
  "a@b", "a@b.", "x@y.z", " fuzz@example.test ", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u0000", "\u202e",
  "🙂", "👩🏽‍💻", "Whangārei", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\ud800", "\udfff", "e\u0301", "x".repeat(101), "y".repeat(255),
  "a<victim@x.com>", "x<postmaster>,v@e.com", "a@b.com,c@d.com", "a@b.com;c@d.com", "Claim your prize at https://evil.example",
  "prize.example.com", "\u202Eevil\u202C", "\u200B",
];

const longString = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), fc.integer({ min: 1_000, max: 50_000 }))
  .map(([seed, n]) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n));

const valueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VALID_VALUES) },
  { weight: 4, arbitrary: fc.constantFrom(...WRONG_VALUES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: longString },
);

const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...REAL_FIELDS) },
  { weight: 2, arbitrary: fc.constant("hopes") },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "hasOwnProperty", "toString", "_action", "", "Experience", "hopes[]", "email ") },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 51, maxLength: 80 }) },
);

const pairArb = fc.tuple(nameArb, valueArb);

/** A valid form for the target, then spoilt a little (or not). */
function validPairsFor(path: string): fc.Arbitrary<[string, string][]> {
  const step = /^\/eligibility\/([a-z]+)/.exec(path)?.[1];
  if (path.startsWith("/eligibility/join/")) {
    return fc
      .record({
        name: fc.oneof(fc.constant("Fuzz Person"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 100 })),
        email: fc.constantFrom("fuzz.tester@example.test", "Fuzz.Tester@EXAMPLE.test"),
        note: fc.option(fc.string({ unit: "grapheme", maxLength: 1_000 }), { nil: undefined }),
        hopes: subsetOf(HOPES),
      })
      .map((v) => {
        const pairs: [string, string][] = [["name", v.name], ["email", v.email], ["consent", "yes"], ["website", ""]];
        if (v.note !== undefined) pairs.push(["note", v.note]);
        for (const h of v.hopes) pairs.push(["hopes", h]);
        return pairs;
      });
  }
  if (path.startsWith("/newsletter")) {
    return subsetOf(INTERESTS).map((interests) => [
      ["email", "fuzz.tester@example.test"],
      ["website", ""],
      ...interests.map((i): [string, string] => ["interests", i]),
    ]);
  }
  switch (step) {
    case "experience":
      return fc.constantFrom(...EXPERIENCE).map((v) => [["experience", v]]);
    case "practice":
      return fc.constantFrom(...PRACTICE).map((v) => [["practice", v]]);
    case "supervision":
      return fc.constantFrom(...SUPERVISION).map((v) => [["supervision", v]]);
    case "hopes":
      return subsetOf(HOPES).map((hs) => hs.map((h): [string, string] => ["hopes", h]));
    case "location":
      return fc.constantFrom(...LOCATIONS);
    case "place":
      return fc.constantFrom("au-2753-richmond", "au-3121-richmond", "au-6160-fremantle", "").map((id) => [["areaId", id]]);
    default:
      return fc.constant([]);
  }
}

const pairsArb = (path: string): fc.Arbitrary<[string, string][]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(pairArb, { maxLength: 10 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validPairsFor(path), fc.array(pairArb, { maxLength: 3 }), fc.option(fc.nat(), { nil: undefined }), fc.boolean(), fc.boolean())
        .map(([valid, junk, drop, duplicate, returnTo]) => {
          const pairs = [...valid];
          if (drop !== undefined && pairs.length) pairs.splice(drop % pairs.length, 1);
          if (duplicate && pairs.length) pairs.push(pairs[0]!);
          if (returnTo) pairs.push(["returnTo", "check"]);
          return [...pairs, ...junk];
        }),
    },
  );

type Encoding =
  | { kind: "urlencoded"; type: string }
  | { kind: "urlencoded-broken"; breaker: string }
  | { kind: "multipart"; boundary: string; files: boolean }
  | { kind: "multipart-broken"; boundary: string; how: string; cut: number; garbage: string }
  | { kind: "text" }
  | { kind: "json"; broken: boolean }
  | { kind: "none" }
  | { kind: "empty"; type: string }
  | { kind: "other"; type: string; garbage: string };

const boundaryArb = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'()+,./:=?"), minLength: 1, maxLength: 70 });

const encodingArb: fc.Arbitrary<Encoding> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .constantFrom("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; charset=utf-16le")
      .map((type) => ({ kind: "urlencoded" as const, type })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "&&&==&", "=", "a", "%uD83D", "%C0%AF", "+%2B+").map((breaker) => ({ kind: "urlencoded-broken" as const, breaker })),
  },
  { weight: 4, arbitrary: fc.record({ boundary: boundaryArb, files: fc.boolean() }).map((r) => ({ kind: "multipart" as const, ...r })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        boundary: boundaryArb,
        how: fc.constantFrom("mismatch", "no-boundary", "empty-boundary", "no-final", "truncated", "lf-only", "no-disposition", "no-blank-line", "garbage", "quoted", "too-long"),
        cut: fc.nat(),
        garbage: asciiString(200),
      })
      .map((r) => ({ kind: "multipart-broken" as const, ...r })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "text" as const }) },
  { weight: 1, arbitrary: fc.boolean().map((broken) => ({ kind: "json" as const, broken })) },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain").map((type) => ({ kind: "empty" as const, type })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        type: fc.oneof(
          fc.constantFrom("application/xml", "image/png", "multipart/mixed; boundary=x", "text/html", "", "*/*", "application/x-www-form-urlencoded;;;", "multipart/form-data;boundary", "application/octet-stream"),
          asciiString(40),
        ),
        garbage: asciiString(300),
      })
      .map((r) => ({ kind: "other" as const, ...r })),
  },
);

const quoteName = (n: string) => n.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

function multipartBody(pairs: [string, string][], boundary: string, files: boolean): string {
  let body = "";
  pairs.forEach(([k, v], i) => {
    const file = files && i % 2 === 1;
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(k)}"${file ? `; filename="fuzz-${i}.txt"\r\nContent-Type: text/plain` : ""}\r\n\r\n${v}\r\n`;
  });
  return `${body}--${boundary}--\r\n`;
}

function encode(pairs: [string, string][], e: Encoding): { type?: string; body?: string } {
  switch (e.kind) {
    case "urlencoded":
      return { type: e.type, body: form(pairs) };
    case "urlencoded-broken":
      return { type: "application/x-www-form-urlencoded", body: [...pairs.map(([k, v]) => `${k}=${v}`), e.breaker].join("&") };
    case "multipart": {
      const quoted = e.boundary.includes(" ") || /[()<>@,;:\\"/[\]?=]/.test(e.boundary);
      return { type: `multipart/form-data; boundary=${quoted ? `"${e.boundary}"` : e.boundary}`, body: multipartBody(pairs, e.boundary, e.files) };
    }
    case "multipart-broken": {
      const b = e.boundary;
      const good = multipartBody(pairs.length ? pairs : [["experience", "workshops"]], b, false);
      switch (e.how) {
        case "mismatch":
          return { type: `multipart/form-data; boundary="${b}x"`, body: good };
        case "no-boundary":
          return { type: "multipart/form-data", body: good };
        case "empty-boundary":
          return { type: "multipart/form-data; boundary=", body: good };
        case "no-final":
          return { type: `multipart/form-data; boundary="${b}"`, body: good.slice(0, good.lastIndexOf(`--${b}--`)) };
        case "truncated":
          return { type: `multipart/form-data; boundary="${b}"`, body: good.slice(0, e.cut % Math.max(1, good.length)) };
        case "lf-only":
          return { type: `multipart/form-data; boundary="${b}"`, body: good.replace(/\r\n/g, "\n") };
        case "no-disposition":
          return { type: `multipart/form-data; boundary="${b}"`, body: `--${b}\r\nX-Nothing: 1\r\n\r\nvalue\r\n--${b}--\r\n` };
        case "no-blank-line":
          return { type: `multipart/form-data; boundary="${b}"`, body: `--${b}\r\nContent-Disposition: form-data; name="experience"\r\nworkshops\r\n--${b}--\r\n` };
        case "garbage":
          return { type: `multipart/form-data; boundary="${b}"`, body: e.garbage };
        case "quoted":
          return { type: `multipart/form-data; boundary="${b}"`, body: good.replace(/name="([^"]*)"/g, 'name=$1') };
        default:
          return { type: `multipart/form-data; boundary=${"b".repeat(200)}`, body: multipartBody(pairs, "b".repeat(200), false) };
      }
    }
    case "text":
      return { type: "text/plain", body: pairs.map(([k, v]) => `${k}=${v}`).join("\r\n") };
    case "json":
      return { type: "application/json", body: e.broken ? `{"experience": "workshops"` : JSON.stringify(Object.fromEntries(pairs)) };
    case "none":
      return {};
    case "empty":
      return { type: e.type, body: "" };
    case "other":
      return { type: e.type, body: e.garbage + form(pairs) };
  }
}

const unknownStepArb = fc.oneof(
  fc.constantFrom("Experience", "EXPERIENCE", "experience%20", "start", "routing", "group", "training", "newsletter", "join", "__proto__", "constructor", "experience%00", "check%2Fx", "%E2%9C%93", "place.json", "toString"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((t) => t !== "." && t !== "..").map(encodeURIComponent),
);

const targetArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...STEPS).map((st) => `/eligibility/${st}`) },
      { weight: 2, arbitrary: unknownStepArb.map((st) => `/eligibility/${st}`) },
      { weight: 1, arbitrary: fc.constant("/eligibility") },
      {
        weight: 4,
        arbitrary: fc
          .oneof({ weight: 4, arbitrary: fc.constantFrom(...SLUGS) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t !== "." && t !== "..").map(encodeURIComponent) })
          .map((slug) => `/eligibility/join/${slug}`),
      },
      { weight: 3, arbitrary: fc.constant("/newsletter") },
      { weight: 2, arbitrary: fc.constantFrom(...GET_ONLY) },
    ),
    fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("?change=check", "?restart=1", "?index", "?returnTo=check", "?_data=routes%2Feligibility.%24step", "?a=%zz") }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  )
  .map(([path, query, data]) => (data ? `${path === "/" ? "/_root" : path}.data` : path) + query);

type CookieMode =
  | { kind: "keep" }
  | { kind: "none" }
  | { kind: "garbage"; value: string; whole: boolean }
  | { kind: "tampered"; at: number; char: string; how: "flip" | "strip-signature" | "swap-payload" }
  | { kind: "forged"; payload: unknown }
  | { kind: "double"; garbageFirst: boolean; value: string };

const cookieArb: fc.Arbitrary<CookieMode> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ kind: "keep" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 1, arbitrary: fc.record({ value: asciiString(300), whole: fc.boolean() }).map((r) => ({ kind: "garbage" as const, ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ at: fc.nat(), char: fc.constantFrom("A", "z", "0", "%", ".", "-"), how: fc.constantFrom("flip" as const, "strip-signature" as const, "swap-payload" as const) })
      .map((r) => ({ kind: "tampered" as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom<unknown>("short", "A".repeat(24), "A".repeat(65), "../../etc/passwd", "", null, 42, true, [], {}, { id: "x" }, ["AAAAAAAAAAAAAAAAAAAAAAAA"]),
        fc.string({ maxLength: 70 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{10,64}$/),
      )
      .map((payload) => ({ kind: "forged" as const, payload })),
  },
  { weight: 1, arbitrary: fc.record({ garbageFirst: fc.boolean(), value: asciiString(60) }).map((r) => ({ kind: "double" as const, ...r })) },
);

const safeCookieValue = (v: string) => v.replace(/[;\s]/g, "_");

function cookieHeader(mode: CookieMode, real: string | undefined): string | undefined {
  switch (mode.kind) {
    case "keep":
      return real;
    case "none":
      return undefined;
    case "garbage":
      return mode.whole ? mode.value : `${COOKIE_NAME}=${safeCookieValue(mode.value)}`;
    case "tampered": {
      if (!real) return `${COOKIE_NAME}=${mode.char}`;
      const value = real.slice(COOKIE_NAME.length + 1);
      if (mode.how === "strip-signature") return `${COOKIE_NAME}=${value.slice(0, value.lastIndexOf("."))}`;
      if (mode.how === "swap-payload") return `${COOKIE_NAME}=${encodeURIComponent(Buffer.from('"AAAAAAAAAAAAAAAAAAAAAAAA"').toString("base64"))}${value.slice(value.lastIndexOf("."))}`;
      const i = mode.at % value.length;
      const flipped = value[i] === mode.char ? (mode.char === "A" ? "B" : "A") : mode.char;
      return `${COOKIE_NAME}=${value.slice(0, i)}${flipped}${value.slice(i + 1)}`;
    }
    case "forged":
      return signedCookie(mode.payload);
    case "double": {
      const junk = `${COOKIE_NAME}=${safeCookieValue(mode.value)}`;
      if (!real) return junk;
      return mode.garbageFirst ? `${junk}; ${real}` : `${real}; ${junk}`;
    }
  }
}

interface Attack {
  target: string;
  pairs: [string, string][];
  encoding: Encoding;
  oversize: number | null;
  chunked: boolean;
}

const attackArb: fc.Arbitrary<Attack> = targetArb.chain((target) =>
  fc.record({
    target: fc.constant(target),
    pairs: pairsArb(target),
    encoding: encodingArb,
    oversize: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6_000 }) }),
    chunked: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }),
);

function buildRequest(a: Attack, cookie: string | undefined): Req {
  const { type, body } = encode(a.pairs, a.encoding);
  let bytes = body === undefined ? undefined : utf8.encode(body);
  if (a.oversize !== null) {
    // Just over the limit: pad whatever the encoding produced.
    const padded = new Uint8Array(MAX_BODY_BYTES + a.oversize);
    padded.fill(0x7a); // "z"
    if (bytes) padded.set(bytes.subarray(0, Math.min(bytes.length, padded.length)));
    bytes = padded;
  }
  const headers: Record<string, string> = {};
  if (type !== undefined) headers["content-type"] = type;
  if (cookie) headers.cookie = cookie;
  return { method: "POST", path: a.target, headers, body: bytes, chunked: a.chunked && bytes !== undefined };
}

// ---------------------------------------------------------------------------

beforeAll(() => {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    secret = (db.prepare("SELECT value FROM settings WHERE key = 'session_secret'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
});

async function expectRedirect(res: Res, location: string, visitor?: Visitor) {
  expect(res.status, textOf(mainOf(res.text) ?? res.text).slice(0, 300)).toBe(303);
  expect(res.location).toBe(location);
  if (visitor) {
    visitor.keep(res);
    expect((await visitor.get(location)).status).toBe(200);
  }
}

function expect400WithMessages(res: Res, messages: string[]) {
  expect(res.status).toBe(400);
  expect(res.contentType).toMatch(/^text\/html/);
  expect(leakIn(res.text)).toBeUndefined();
  const summary = errorSummary(res.text);
  for (const m of messages) expect(summary).toContain(m);
}

/** A visitor who answered the first questions so the wizard waits at `step`. */
async function visitorAt(step: "practice" | "supervision" | "hopes" | "location" | "place" | "check" | "outcome-group"): Promise<Visitor> {
  const v = new Visitor();
  const plan: [string, [string, string][]][] = [
    ["/eligibility/experience", [["experience", "training_program"]]],
    ["/eligibility/practice", [["practice", "paid"]]],
    ["/eligibility/supervision", [["supervision", "no"]]],
    ["/eligibility/hopes", [["hopes", "learn_share"]]],
    ["/eligibility/location", step === "place" ? LOCATIONS[0]! : LOCATIONS[1]!],
    ["/eligibility/check", []],
  ];
  const stop = { practice: 1, supervision: 2, hopes: 3, location: 4, place: 5, check: 5, "outcome-group": 6 }[step];
  for (const [path, pairs] of plan.slice(0, stop)) expect((await v.post(path, pairs)).status).toBe(303);
  const here = await v.get(step === "outcome-group" ? "/eligibility/outcome" : `/eligibility/${step}`);
  expect(here.status).toBe(200);
  return v;
}

describe("malformed bodies: examples", () => {
  it("each step, submitted empty, answers 400 with that step's message", async () => {
    expect400WithMessages(await post("/eligibility/experience", ""), [s.experience.errors.required]);
    expect400WithMessages(await post("/eligibility/practice", "", { cookie: (await visitorAt("practice")).cookie }), [s.practice.errors.required]);
    expect400WithMessages(await post("/eligibility/supervision", "", { cookie: (await visitorAt("supervision")).cookie }), [s.supervision.errors.required]);
    // Hopes are optional: an empty form is the answer "none"; a value not offered is the error.
    const hopes = await visitorAt("hopes");
    expect400WithMessages(await post("/eligibility/hopes", "hopes=maybe", { cookie: hopes.cookie }), [s.hopes.errors.invalid]);
    await expectRedirect(await hopes.post("/eligibility/hopes", []), "/eligibility/location", hopes);
    const location = await visitorAt("location");
    expect400WithMessages(await post("/eligibility/location", "", { cookie: location.cookie }), [
      s.location.country.errors.required,
      s.location.format.errors.required,
    ]);
    expect400WithMessages(await post("/eligibility/location", "country=AU&place=&format=in_person", { cookie: location.cookie }), [
      s.location.place.errors.required,
      s.location.distanceKm.errors.required,
    ]);
    expect400WithMessages(await post("/eligibility/location", "country=AU&place=Qwzxv&format=online", { cookie: location.cookie }), [s.location.place.errors.unknown]);
    expect400WithMessages(await post("/eligibility/location", `country=AU&place=${"x".repeat(101)}&format=online`, { cookie: location.cookie }), [
      s.location.place.errors.too_long,
    ]);
    expect400WithMessages(await post("/eligibility/place", "", { cookie: (await visitorAt("place")).cookie }), [s.place.errors.required]);
    // Check has no fields: an empty form is the confirmation itself.
    const check = await visitorAt("check");
    await expectRedirect(await check.post("/eligibility/check", []), "/eligibility/outcome", check);
  });

  it("join and newsletter, submitted empty, answer 400 with their messages", async () => {
    const done = await visitorAt("outcome-group");
    const j = wizardCopy.join;
    expect400WithMessages(await post("/eligibility/join/perth-fremantle", "", { cookie: done.cookie }), [
      j.name.errors.required,
      j.email.errors.required,
      j.consent.errors.required,
    ]);
    const n = wizardCopy.newsletter;
    expect400WithMessages(await post("/newsletter", ""), [n.email.errors.required, n.interests.errors.required]);
    expect400WithMessages(await post("/newsletter", "email=nope&interests=gossip"), [n.email.errors.invalid, n.interests.errors.required]);
    // The honeypot is a plain refusal, not a form error.
    const spam = await post("/newsletter", "email=a%40b.test&interests=new_groups&website=http%3A%2F%2Fspam");
    expect(spam.status).toBe(400);
    expect(textOf(mainOf(spam.text) ?? "")).toContain("That form could not be sent.");
  });

  it("events the wizard cannot take now redirect (303) to the current step", async () => {
    // No wizard yet: only the first question can be answered.
    await expectRedirect(await post("/eligibility/supervision", "supervision=no"), "/eligibility");
    await expectRedirect(await post("/eligibility/check", ""), "/eligibility");
    // Waiting at practice.
    const v = await visitorAt("practice");
    await expectRedirect(await v.post("/eligibility/supervision", [["supervision", "no"]]), "/eligibility/practice", v);
    await expectRedirect(await v.post("/eligibility/check", []), "/eligibility/practice", v);
    await expectRedirect(await v.post("/eligibility/location", LOCATIONS[1]!), "/eligibility/practice", v);
    await expectRedirect(await v.post("/eligibility/place", [["areaId", "au-2753-richmond"]]), "/eligibility/practice", v);
    // At location, with no places to choose from.
    const l = await visitorAt("location");
    await expectRedirect(await l.post("/eligibility/place", [["areaId", "au-2753-richmond"]]), "/eligibility/location", l);
    // At place, choosing something that was not offered.
    const p = await visitorAt("place");
    await expectRedirect(await p.post("/eligibility/place", [["areaId", "au-6160-fremantle"]]), "/eligibility/place", p);
    await expectRedirect(await p.post("/eligibility/check", []), "/eligibility/place", p);
    // Finished: answering again without "change" goes back to the outcome; joining before finishing goes to the start.
    const done = await visitorAt("outcome-group");
    await expectRedirect(await done.post("/eligibility/experience", [["experience", "workshops"]]), "/eligibility/outcome", done);
    await expectRedirect(await done.post("/eligibility/check", []), "/eligibility/outcome", done);
    await expectRedirect(await post("/eligibility/join/perth-fremantle", "name=A&email=a%40b.test&consent=yes"), "/eligibility");
  });

  it("bodies over 64 KB answer 413 with a plain message", async () => {
    const big = `experience=${"a".repeat(70 * 1024)}`;
    for (const path of ["/eligibility/experience", "/eligibility/location", "/eligibility/join/brisbane", "/newsletter", "/eligibility", "/eligibility/outcome"]) {
      const res = await post(path, big);
      expect(res.status, path).toBe(413);
      expect(res.text).toBe(TOO_BIG);
    }
    const b = "fuzzboundary";
    const multipart = await post("/eligibility/experience", `--${b}\r\nContent-Disposition: form-data; name="experience"\r\n\r\n${"a".repeat(70 * 1024)}\r\n--${b}--\r\n`, {
      type: `multipart/form-data; boundary=${b}`,
    });
    expect(multipart.status).toBe(413);
  });

  it("a 62 KB body of 9,000 fields is refused with 413 at once, with a small reply, on every form", async () => {
    // 9,000 pairs such as `q17=vv`: under the 64 KB limit, so only the number of fields refuses it.
    const pairs = Array.from({ length: 9_000 }, (_, i) => `q${i % 100}=${"v".repeat(1 + (i % 3))}`).join("&");
    const body = `email=a%40b.test&${pairs}`;
    expect(body.length).toBeGreaterThan(60_000);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const done = await visitorAt("outcome-group");
    const times: number[] = [];
    for (const path of ["/newsletter", "/contact", "/eligibility/experience", "/eligibility/join/perth-fremantle", "/my-data", "/sign-in", "/eligibility/save", "/newsletter/confirm"]) {
      const started = performance.now();
      const res = await post(path, body, { cookie: done.cookie });
      times.push(performance.now() - started);
      expect(res.status, path).toBe(413);
      expect(leakIn(res.text), path).toBeUndefined();
      expect("message" in readableMessage(res, false), path).toBe(true);
      expect(res.text, path).not.toContain("q17");
      expect(res.text.length, path).toBeLessThan(20_000);
    }
    // Multipart counts its parts the same way.
    const b = "fieldsboundary";
    const parts = Array.from({ length: 1_000 }, (_, i) => `--${b}\r\nContent-Disposition: form-data; name="q${i}"\r\n\r\nv\r\n`).join("");
    const multipart = await post("/newsletter", `${parts}--${b}--\r\n`, { type: `multipart/form-data; boundary=${b}` });
    expect(multipart.status).toBe(413);
    console.log(`9,000 fields (${body.length} bytes): 413 in ${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))} ms`);
    expect(Math.max(...times)).toBeLessThan(1_500);
  });

  it("an error reply echoes the form's own fields only: 50 extra fields posted with it do not come back", async () => {
    const extra = Array.from({ length: 50 }, (_, i) => `extra${i}=ECHOED-${i}-${"x".repeat(20)}`).join("&");
    const done = await visitorAt("outcome-group");
    const forms: [string, string][] = [
      ["/newsletter", "email=not-an-address&interests=new_groups"],
      ["/contact", "name=Sam&email=not-an-address&topic=other&message=Hello"],
      ["/eligibility/join/perth-fremantle", "name=Sam&email=not-an-address&consent=yes"],
      ["/eligibility/save", "email=not-an-address"],
      ["/sign-in", "email=not-an-address"],
    ];
    for (const [path, fields] of forms) {
      const res = await post(path, `${fields}&${extra}`, { cookie: done.cookie });
      expect(res.status, path).toBe(400);
      // What was typed into the form's own fields is kept…
      expect(res.text, path).toContain("not-an-address");
      // …and nothing else that was posted comes back, in the page or in its data.
      expect(res.text, path).not.toMatch(/ECHOED-|extra\d/);
    }
    // A question of the wizard: its step's own fields only.
    const v = await visitorAt("location");
    const step = await post("/eligibility/location", `country=AU&place=not-an-address&format=in_person&distanceKm=9999&${extra}`, { cookie: v.cookie });
    expect(step.status).toBe(400);
    expect(step.text).toContain("not-an-address");
    expect(step.text).not.toMatch(/ECHOED-|extra\d/);
  });

  it("bodies that cannot be read as a form answer 400 with a plain message", async () => {
    const cases: [string | undefined, string | null][] = [
      [undefined, null],
      ['{"experience":"workshops"}', "application/json"],
      ["experience=workshops", "text/plain"],
      ["--x\r\nnot a part", "multipart/form-data; boundary=x"],
      ["experience=workshops", "multipart/form-data"],
    ];
    for (const [body, type] of cases) {
      for (const path of ["/eligibility/experience", "/eligibility/join/brisbane", "/newsletter"]) {
        const res = await post(path, body, { type });
        expect(res.status, `${path} ${type}`).toBe(400);
        expect(leakIn(res.text)).toBeUndefined();
        expect(textOf(mainOf(res.text) ?? "")).toContain(COULD_NOT_READ);
      }
    }
  });

  it("POST to unknown steps is 404 and to pages without a form is 405, both as readable pages", async () => {
    for (const step of ["nope", "outcome2", "start", "routing", "Experience"]) {
      const res = await post(`/eligibility/${step}`, "experience=workshops");
      expect(res.status, step).toBe(404);
      expect(readableMessage(res, false)).toEqual({ message: expect.stringContaining("Page not found") });
    }
    for (const path of ["/eligibility/outcome", "/", "/newsletter/thanks", "/training"]) {
      const res = await post(path, "experience=workshops");
      expect(res.status, path).toBe(405);
      expect(leakIn(res.text)).toBeUndefined();
      expect("message" in readableMessage(res, false), path).toBe(true);
    }
  });

  it("changing, after the outcome, an answer that no longer counts redirects straight to the outcome", async () => {
    // The outcome is decided by "not yet using Process Work": hopes, supervision and location no longer count.
    const v = new Visitor();
    await v.post("/eligibility/experience", [["experience", "workshops"]]);
    await v.post("/eligibility/practice", [["practice", "not_yet"]]);
    await expectRedirect(await v.post("/eligibility/check", []), "/eligibility/outcome", v);
    for (const [path, pairs] of [
      ["/eligibility/hopes", [["returnTo", "check"]]],
      ["/eligibility/supervision", [["supervision", "no"], ["returnTo", "check"]]],
      ["/eligibility/location", [...LOCATIONS[1]!, ["returnTo", "check"]]],
    ] as [string, [string, string][]][]) {
      const res = await v.post(path, pairs);
      // Found: 303 to /eligibility/check (the resumed, unsaved actor's state), which itself redirects to the outcome.
      expect.soft({ path, status: res.status, location: res.location }).toEqual({ path, status: 303, location: "/eligibility/outcome" });
    }
  });

  it("a chunked upload over 64 KB (no Content-Length) is still answered with a 4xx, not a 5xx", async () => {
    // The 64 KB limit reads Content-Length only, so this body is read in full; the form is then refused as invalid.
    const bytes = utf8.encode(`experience=${"a".repeat(200 * 1024)}`);
    const res = await send({ method: "POST", path: "/eligibility/experience", headers: { "content-type": "application/x-www-form-urlencoded" }, body: bytes, chunked: true });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(leakIn(res.text)).toBeUndefined();
  });

  it("tampered and forged cookies count as no wizard", async () => {
    const v = await visitorAt("practice");
    // The forging is right: a correctly signed id is the visitor's own wizard.
    expect(secret).toBeTruthy();
    const same = signedCookie(sessionIdOf(v.cookie!));
    await expectRedirect(await post("/eligibility/supervision", "supervision=no", { cookie: same }), "/eligibility/practice");
    for (const cookie of [
      signedCookie(12),
      signedCookie({ id: sessionIdOf(v.cookie!) }),
      signedCookie("../../x"),
      signedCookie("A".repeat(24)),
      v.cookie!.replace(/\.[^.]*$/, ".AAAA"),
      `${COOKIE_NAME}=%E0%A4%A`,
    ]) {
      await expectRedirect(await post("/eligibility/practice", "practice=paid", { cookie }), "/eligibility");
    }
  });
});

describe("malformed bodies: property", () => {
  it(`${NUM_RUNS} generated requests (seed ${SEED}) never get a 5xx, a stack trace or a wrong redirect`, { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    const seen = new Map<string, number>();
    const stats = { bodies: 0, statuses: new Map<number, number>(), oversize: 0, chunked: 0 };
    let run = -1;
    let previous = "(none)";
    let serverGone: string | false = false;
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(journeyArb(), cookieArb, attackArb, async (journey, cookieMode, attack) => {
        run = run < 0 && process.env.FC_PATH ? Number(process.env.FC_PATH) : run + 1;
        // Once the server has stopped listening, every further run would only repeat that.
        if (serverGone) return true;
        const visitor = new Visitor();
        let journeyProblems: string[];
        try {
          journeyProblems = await play(journey, visitor);
        } catch (error) {
          journeyProblems = [`journey request failed: ${await networkFailure(error)}; previous generated request: ${previous}`];
        }
        const cookie = cookieHeader(cookieMode, visitor.cookie);
        const attacker = new Visitor(cookie);
        const req = buildRequest(attack, cookie);
        stats.bodies += 1;
        if (attack.oversize !== null || (req.body?.length ?? 0) > MAX_BODY_BYTES) stats.oversize += 1;
        if (req.chunked) stats.chunked += 1;
        let res: Res | undefined;
        let problems: string[];
        try {
          res = await send(req);
          stats.statuses.set(res.status, (stats.statuses.get(res.status) ?? 0) + 1);
          problems = [...journeyProblems, ...(await checkResponse(req, res, attacker))];
        } catch (error) {
          problems = [...journeyProblems, `request failed: ${await networkFailure(error)}`];
        }
        const earlier = previous;
        previous = `${req.method} ${req.path} ${JSON.stringify(req.headers)} ${preview(req.body, 120)}${req.chunked ? " (chunked)" : ""} → ${res ? res.status : "no response"}`;
        if (problems.some((p) => p.includes("fetch failed")) && !(await acceptsConnections())) {
          serverGone = `the server stopped accepting new connections during run ${run} (this run's generated request: ${previous}; before it: ${earlier}); runs after it were skipped`;
          problems.push(serverGone);
        }
        for (const problem of problems) {
          // One full report per kind of problem (same problem on the same route), counted.
          const key = `${problem.replace(/\d+ bytes/g, "N bytes").replace(/"[^"]*"/g, "…").slice(0, 120)} @ ${attack.target.replace(/\?.*$/, "")}`;
          const n = seen.get(key) ?? 0;
          seen.set(key, n + 1);
          if (n === 0) {
            failures.push(describeExchange(req, res, `#${failures.length + 1} run ${run} (replay: FC_SEED=${SEED} FC_PATH=${run}): ${problem}\n  wizard before: ${JSON.stringify(journey.map((j) => (j.kind === "answer" || j.kind === "change" ? `${j.path} ${new URLSearchParams(j.pairs)}` : j.kind)))}; cookie: ${cookieMode.kind}`));
          }
        }
        return true;
      }),
      { numRuns: process.env.FC_PATH ? 1 : NUM_RUNS, seed: SEED, path: process.env.FC_PATH, endOnFailure: true },
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...stats.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`).join(" ");
    console.info(
      `malformed bodies: ${stats.bodies} generated requests in ${seconds}s (seed ${SEED}); ${stats.oversize} over 64 KB, ${stats.chunked} chunked; statuses ${statuses}` +
        (resets.length ? `; ${resets.length} connection reset(s) retried: ${resets.join(", ")}` : ""),
    );
    const counts = [...seen.entries()].map(([k, n]) => `  ${n}× ${k}`).join("\n");
    expect(stats.bodies).toBeGreaterThanOrEqual(process.env.FC_PATH ? 1 : 1_000);
    expect(failures, `seed ${SEED}: ${failures.length} kinds of failure\n${counts}\n\n${failures.join("\n\n")}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Text people type: names, notes and email addresses

const TEXT_RUNS = Number(process.env.FC_TEXT_RUNS ?? 1_000);
const LONG = 10_000;

/** Letters and spaces only: nothing here is a problem on its own. */
const plainWords = fc
  .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ÁéīōūŋЖ中ح".split("")), minLength: 1, maxLength: 20 })
  .filter((w) => w.trim() !== "");
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  "\u007F",
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
];
const BIDI_CONTROLS = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];
const between = (inside: fc.Arbitrary<string>) => fc.tuple(fc.option(plainWords, { nil: "" }), inside, fc.option(plainWords, { nil: "" })).map(([a, x, b]) => `${a}${x}${b}`);
/** Plain ASCII words, so that two fields of LONG characters stay well under the 64 KB body limit. */
const asciiWords = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz ".split("")), minLength: 1, maxLength: 12 }).filter((w) => w.trim() !== "");
/** `text` made LONG characters long (or more, if it already is) by repeating plain words after it. */
const padded = (text: fc.Arbitrary<string>) => fc.tuple(asciiWords, text).map(([w, t]) => (t + w.repeat(Math.ceil(LONG / w.length))).slice(0, Math.max(LONG, t.length)));
const webAddress = fc.oneof(
  fc.webUrl(),
  fc.domain(),
  fc.domain().map((d) => `www.${d}`),
  fc.emailAddress(),
  fc.constantFrom("https://evil.example", "Claim your prize at https://evil.example", "prize.example.com", "hxxp://x", "me@home", "WWW.EVIL.COM", "evil\u200B.example.com", "пример.рф"),
);

type NameCase = { value: string; code: "control" | "bidi" | "blank" | "link" | "too_long" | null };
const nameCaseArb: fc.Arbitrary<NameCase> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<NameCase>({ value: "Fuzz Person", code: null }, { value: "J. Smith-Ngata", code: null }) },
  { weight: 3, arbitrary: between(fc.constantFrom(...CONTROLS, "\u2028", "\u2029")).map((value): NameCase => ({ value, code: "control" })) },
  { weight: 2, arbitrary: between(fc.constantFrom(...BIDI_CONTROLS)).map((value): NameCase => ({ value, code: "bidi" })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...ZERO_WIDTH), fc.array(fc.constantFrom(" ", "\u00A0", "\u3000", ...ZERO_WIDTH), { maxLength: 6 }))
      .map(([zw, rest]): NameCase => ({ value: [zw, ...rest].join(""), code: "blank" })),
  },
  { weight: 3, arbitrary: between(webAddress.map((w) => ` ${w} `)).map((value): NameCase => ({ value, code: "link" })) },
  { weight: 1, arbitrary: padded(fc.constant("")).map((value): NameCase => ({ value, code: "too_long" })) },
  // Hidden characters and addresses are named before the length.
  { weight: 1, arbitrary: padded(fc.constantFrom(...CONTROLS)).map((value): NameCase => ({ value, code: "control" })) },
  { weight: 1, arbitrary: padded(webAddress.map((w) => `${w} `)).map((value): NameCase => ({ value, code: "link" })) },
);

type NoteCase = { value: string | undefined; code: "control" | "bidi" | "too_long" | null };
const NOTE_CONTROLS = CONTROLS.filter((c) => !"\t\n\r".includes(c));
const noteCaseArb: fc.Arbitrary<NoteCase> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<NoteCase>({ value: undefined, code: null }, { value: "", code: null }, { value: "I run meetings.\r\nSecond line\tindented", code: null }) },
  // Web addresses are fine in a note (our emails never link them).
  { weight: 2, arbitrary: between(webAddress.map((w) => `\n${w}\n`)).map((value): NoteCase => ({ value, code: null })) },
  { weight: 3, arbitrary: between(fc.constantFrom(...NOTE_CONTROLS)).map((value): NoteCase => ({ value, code: "control" })) },
  { weight: 2, arbitrary: between(fc.constantFrom(...BIDI_CONTROLS)).map((value): NoteCase => ({ value, code: "bidi" })) },
  { weight: 1, arbitrary: padded(fc.constant("")).map((value): NoteCase => ({ value, code: "too_long" })) },
  { weight: 1, arbitrary: padded(fc.constantFrom(...NOTE_CONTROLS)).map((value): NoteCase => ({ value, code: "control" })) },
);

/** Tricks that put someone else's address, or several, where one plain address belongs. `victim` is unique to the run. */
const emailTrickArb = fc
  .constantFrom(
    (v: string) => `a<${v}>`,
    (v: string) => `x<postmaster>,${v}`,
    (v: string) => `${v},c@d.example`,
    (v: string) => `${v};c@d.example`,
    (v: string) => `c@d.example, ${v}`,
    (v: string) => `Fuzz Person <${v}>`,
    (v: string) => `"Fuzz" <${v}>`,
    (v: string) => `${v} (Fuzz)`,
    (v: string) => `(Fuzz)${v}`,
    (v: string) => `"${v.replace("@", "\"@")}`,
    (v: string) => `${v}\r\nBcc: c@d.example`,
    (v: string) => `${v}\nCc: c@d.example`,
    (v: string) => `${v}\u0000`,
    (v: string) => `${v.replace("@", "\u0000@")}`,
    (v: string) => `\u202E${v}`,
    (v: string) => `${v.replace("@", " @")}`,
    (v: string) => `${v}.`,
    (v: string) => `${v.replace(/@.*/, "@localhost")}`,
    (v: string) => `${v.replace(/@.*/, "@[127.0.0.1]")}`,
    (v: string) => `group: ${v};`,
    (v: string) => `${v}@c.example`,
    (v: string) => `mailto:${v}`,
  );

type EmailForm = "join" | "newsletter" | "save" | "reminder";

type TextCase =
  | { form: "join"; name: NameCase; note: NoteCase; trick: ((v: string) => string) | null }
  | { form: Exclude<EmailForm, "join">; trick: (v: string) => string };

const textCaseArb: fc.Arbitrary<TextCase> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ name: nameCaseArb, note: noteCaseArb, trick: fc.option(emailTrickArb, { nil: null, freq: 3 }) })
      // Something must be wrong: a valid form would (rightly) be stored.
      .filter((c) => c.name.code !== null || c.note.code !== null || c.trick !== null)
      .map((c): TextCase => ({ form: "join", ...c })),
  },
  { weight: 1, arbitrary: fc.record({ form: fc.constantFrom("newsletter" as const, "save" as const, "reminder" as const), trick: emailTrickArb }) },
);

/** Each field's message, from the paragraph next to it (`#field-<name>-error`). */
function fieldMessages(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<p class="error-message" id="field-([\w-]+)-error">([\s\S]*?)<\/p>/g)) out[m[1]!] = textOf(m[2]!).replace(/^Error:\s*/, "");
  return out;
}

describe("malformed bodies: what people type", () => {
  let db: Database.Database;
  let joiner: Visitor;
  let saver: Visitor;
  let reminded: Visitor;

  beforeAll(async () => {
    db = new Database(databasePath, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    joiner = await visitorAt("outcome-group");
    saver = await visitorAt("supervision");
    // No Process Work learning yet: the "not the right next step yet" outcome, which offers the reminder.
    reminded = new Visitor();
    await expectRedirect(await reminded.post("/eligibility/experience", [["experience", "none"]]), "/eligibility/check", reminded);
    await expectRedirect(await reminded.post("/eligibility/check", []), "/eligibility/outcome", reminded);
    expect(textOf(mainOf((await reminded.get("/eligibility/outcome")).text) ?? "")).toContain(followUpCopy.recheck.heading);
    return () => db.close();
  });

  /** Rows anywhere that hold this address (or anything containing it), and join requests from this wizard. */
  function stored(address: string, wizardCookie: string | undefined): Record<string, number> {
    const like = `%${address}%`;
    const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    return {
      joinRequests: count("SELECT count(*) AS n FROM join_requests WHERE email LIKE ? OR wizard_session_id = ?", like, wizardCookie ? sessionIdOf(wizardCookie) : ""),
      newsletterSignups: count("SELECT count(*) AS n FROM newsletter_signups WHERE email LIKE ?", like),
      recheckReminders: count("SELECT count(*) AS n FROM recheck_reminders WHERE email LIKE ?", like),
      outbox: count("SELECT count(*) AS n FROM outbox WHERE to_address LIKE ? OR text_body LIKE ?", like, like),
    };
  }
  const NOTHING = { joinRequests: 0, newsletterSignups: 0, recheckReminders: 0, outbox: 0 };

  /** Posts one case; returns what is wrong with the answer (empty when right). */
  async function postCase(c: TextCase, run: number): Promise<{ problems: string[]; sent: string }> {
    const address = `fuzz-text-${run}-${Date.now().toString(36)}@example.test`;
    const email = c.trick ? c.trick(address) : address;
    const j = wizardCopy.join;
    let visitor: Visitor;
    let path: string;
    let pairs: [string, string][];
    const expected: Record<string, string> = {};
    if (c.form === "join") {
      visitor = joiner;
      path = "/eligibility/join/perth-fremantle";
      pairs = [["name", c.name.value], ["email", email], ["consent", "yes"], ["hopes", "learn_share"], ["website", ""]];
      if (c.note.value !== undefined) pairs.push(["note", c.note.value]);
      if (c.name.code) expected.name = j.name.errors[c.name.code];
      if (c.note.code) expected.note = j.note.errors[c.note.code];
      if (c.trick) expected.email = j.email.errors.invalid;
    } else if (c.form === "newsletter") {
      visitor = new Visitor();
      path = "/newsletter";
      pairs = [["email", email], ["interests", "new_groups"], ["website", ""]];
      expected.email = wizardCopy.newsletter.email.errors.invalid;
    } else if (c.form === "save") {
      visitor = saver;
      path = "/eligibility/save";
      pairs = [["email", email], ["website", ""]];
      expected.email = followUpCopy.saveForLater.email.errors.invalid;
    } else {
      visitor = reminded;
      path = "/eligibility/reminder";
      pairs = [["email", email], ["months", "6"], ["website", ""]];
      expected.email = followUpCopy.recheck.email.errors.invalid;
    }
    const sent = `POST ${path} ${JSON.stringify(Object.fromEntries(pairs.map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}… (${v.length} characters)` : v])))}`;
    const problems: string[] = [];
    const body = form(pairs);
    // Bigger bodies are refused whole (413, see above), before any field is read.
    if (utf8.encode(body).length > MAX_BODY_BYTES) problems.push(`the test made a body over ${MAX_BODY_BYTES} bytes`);
    const res = await post(path, body, { cookie: visitor.cookie });
    if (res.status !== 400) problems.push(`answered ${res.status}${res.location ? ` → ${res.location}` : ""}, not 400`);
    const leak = leakIn(res.text);
    if (leak) problems.push(`leaks internals (${leak})`);
    if (res.status === 400) {
      const summary = [...errorSummary(res.text)].sort();
      const want = Object.values(expected).sort();
      if (JSON.stringify(summary) !== JSON.stringify(want)) problems.push(`error summary ${JSON.stringify(summary)}, expected ${JSON.stringify(want)}`);
      const next = JSON.stringify(Object.entries(fieldMessages(res.text)).sort());
      if (next !== JSON.stringify(Object.entries(expected).sort())) problems.push(`messages next to the fields ${next}, expected ${JSON.stringify(expected)}`);
    }
    const rows = stored(address, c.form === "join" ? visitor.cookie : undefined);
    if (JSON.stringify(rows) !== JSON.stringify(NOTHING)) problems.push(`stored ${JSON.stringify(rows)}`);
    return { problems, sent };
  }

  it("examples: a web address as a name, 10,000 characters, and display-name and list tricks on every form with an email field", async () => {
    const cases: [TextCase, string][] = [
      [{ form: "join", name: { value: "Claim your prize at https://evil.example", code: "link" }, note: { value: undefined, code: null }, trick: null }, "link as a name"],
      [{ form: "join", name: { value: "Fuzz\u0000Person", code: "control" }, note: { value: "x".repeat(LONG), code: "too_long" }, trick: null }, "NUL, long note"],
      [{ form: "join", name: { value: "x".repeat(LONG), code: "too_long" }, note: { value: "fine\u202Eenif", code: "bidi" }, trick: null }, "long name, bidi note"],
      [{ form: "join", name: { value: "Fuzz Person", code: null }, note: { value: undefined, code: null }, trick: (v) => `a<${v}>` }, "display name"],
      [{ form: "newsletter", trick: (v) => `x<postmaster>,${v}` }, "list"],
      [{ form: "save", trick: (v) => `${v},c@d.example` }, "comma list"],
      [{ form: "reminder", trick: (v) => `${v};c@d.example` }, "semicolon list"],
    ];
    let n = 0;
    for (const [c, what] of cases) {
      const { problems, sent } = await postCase(c, -++n);
      expect(problems, `${what}: ${sent}`).toEqual([]);
    }
  });

  it(`${TEXT_RUNS} generated names, notes and email addresses (seed ${SEED}) are refused next to their field, and nothing is stored`, { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    const kinds = new Map<string, number>();
    let run = -1;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(textCaseArb, async (c) => {
        run += 1;
        const kind = c.form === "join" ? `join(name ${c.name.code ?? "ok"}, note ${c.note.code ?? "ok"}, email ${c.trick ? "trick" : "ok"})` : `${c.form}(email trick)`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const { problems, sent } = await postCase(c, run);
        for (const p of problems) {
          const key = `${c.form} ${p.replace(/"[^"]*"/g, "…").slice(0, 100)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          failures.push(`#${failures.length + 1} run ${run}: ${p}\n  ${sent}`);
        }
        return true;
      }),
      { numRuns: TEXT_RUNS, seed: SEED, endOnFailure: true },
    );
    const mix = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}× ${k}`).join(", ");
    console.info(`what people type: ${run + 1} generated requests in ${((Date.now() - started) / 1000).toFixed(1)}s (seed ${SEED}): ${mix}`);
    expect(run + 1).toBe(TEXT_RUNS);
    expect(failures, `seed ${SEED}: ${failures.length} kinds of failure\n\n${failures.join("\n\n")}`).toEqual([]);
  });
});
