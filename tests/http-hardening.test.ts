/**
 * The server's answers to requests no page sends: other methods on every
 * route, cross-site posts, broken Host headers, the calendar's resource
 * route, /dev/mail and its key, and the HTTPS-only headers (nginx in front:
 * tests/reverse-proxy.test.ts). Run against the
 * real production server; "nothing happened" is read from its SQLite file.
 */
import Database from "better-sqlite3";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import routes from "../app/routes";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";

const base = inject("baseURL");
const databasePath = inject("databasePath");

/** Every route path in app/routes.ts, with its parameters filled in by real values. */
function routePaths(): string[] {
  const paths = new Set<string>(["/"]);
  for (const r of routes as { path?: string; index?: boolean }[]) {
    if (r.index || !r.path) continue;
    const p = r.path
      .replace(":slug", "hobart")
      .replace(":step", "experience")
      .replace(/^\*$/, "no-such-page");
    paths.add(`/${p}`);
  }
  paths.add("/healthz");
  paths.add("/eligibility/experience.data");
  return [...paths];
}

/** Rows in every table of the app's database (the gazetteer and settings aside, which no request changes). */
function rowCounts(): Record<string, number> {
  const db = new Database(databasePath, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/** A raw request, for headers fetch will not send (TRACE, a broken Host). */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? "GET", headers: init.headers, setHost: !init.headers?.Host, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

describe("methods other than GET, HEAD and POST", () => {
  const METHODS = ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

  it("answer 405 with an Allow header on every route, and change nothing", async () => {
    const before = rowCounts();
    const paths = routePaths();
    expect(paths.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const path of paths) {
      for (const method of METHODS) {
        const res = await raw(`${base}${path}`, {
          method,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: method === "TRACE" ? undefined : "email=put-test%40example.com&name=Put&consent=yes&experience=workshops",
        });
        if (res.status !== 405 || res.headers.allow !== "GET, HEAD, POST" || /at \w+ \(|Error:/.test(res.body)) wrong.push(`${method} ${path} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(rowCounts()).toEqual(before);
  });

  it("GET, HEAD and POST still reach the app", async () => {
    expect((await fetch(`${base}/`, { method: "HEAD" })).status).toBe(200);
    expect((await fetch(`${base}/eligibility/experience`, { method: "POST", body: new URLSearchParams({ experience: "workshops" }), redirect: "manual" })).status).toBe(303);
  });
});

describe("requests that are not ours to serve", () => {
  it("a form posted from another site gets 403 and a page saying why, and nothing is stored", async () => {
    const before = rowCounts();
    const res = await fetch(`${base}/newsletter`, {
      method: "POST",
      headers: { Origin: "https://elsewhere.example" },
      body: new URLSearchParams({ email: "csrf@example.com", interests: "new_groups" }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("sent from another website");
    expect(text).not.toMatch(/at \w+ \(|Error/);
    expect(rowCounts()).toEqual(before);
    // An unparseable Origin is refused the same way, not with a 500.
    expect((await raw(`${base}/newsletter`, { method: "POST", headers: { Origin: "::::", "Content-Type": "application/x-www-form-urlencoded" }, body: "email=a%40b.co" })).status).toBe(403);
    // A same-site post (the browser's own Origin) goes through to the form's validation.
    const own = await fetch(`${base}/newsletter`, { method: "POST", headers: { Origin: base }, body: new URLSearchParams({ email: "" }), redirect: "manual" });
    expect(own.status).toBe(400);
  });

  it("a malformed Host header gets 400, not a 500", async () => {
    for (const host of ["exa mple", "a/b", "[zz", "x:99999999"]) {
      const res = await raw(`${base}/`, { headers: { Host: host } });
      expect(res.status, host).toBe(400);
      expect(res.body).toMatch(/not a valid host/);
    }
  });

  it("the calendar file answers unknown groups and posts in plain text", async () => {
    const missing = await fetch(`${base}/groups/no-such-group/calendar.ics`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await missing.text()).toMatch(/no group at this address/);
    const posted = await fetch(`${base}/groups/hobart/calendar.ics`, { method: "POST", body: "x=1" });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
    expect(await posted.text()).toMatch(/can only be downloaded/);
  });

  it("the calendar's link comes from APP_URL, whatever Host the request named", async () => {
    const res = await raw(`${base}/groups/hobart/calendar.ics`, { headers: { Host: "attacker.example" } });
    expect(res.status).toBe(200);
    const url = /^URL:(.*)$/m.exec(res.body)?.[1]?.trim();
    expect(url).toBe(`http://localhost:${new URL(base).port}/groups/hobart`);
  });
});

describe("/dev/mail, on a server listening everywhere that trusts any proxy", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ HOST: "0.0.0.0", TRUST_PROXY: "true", WEB_CONCURRENCY: "1" });
  });
  afterAll(() => server?.stop());

  it("warns at start that direct clients can choose their own address", () => {
    expect(server.output()).toMatch(/"level":"warn","msg":"TRUST_PROXY=true while listening on 0\.0\.0\.0: a client that connects directly/);
  });

  it("prints its address with the key once, and answers only with that key, whatever the socket, Host or headers", async () => {
    const lines = server.output().split("\n").filter((l) => l.includes("/dev/mail?key="));
    expect(lines).toHaveLength(1);
    const key = server.devMailKey!;
    expect(lines[0]).toContain(`http://localhost:${new URL(server.baseURL).port}/dev/mail?key=${key}`);
    // What used to be enough (a direct request from this machine naming localhost) is not.
    expect((await raw(`${server.baseURL}/dev/mail`, { headers: { Host: "localhost" } })).status).toBe(404);
    expect((await fetch(`${server.baseURL}/dev/mail`)).status).toBe(404);
    expect((await fetch(`${server.baseURL}/dev/mail.data`)).status).toBe(404);
    for (const wrong of ["", "x", key.slice(1), `${key}x`, key.toUpperCase()]) {
      expect((await fetch(`${server.baseURL}/dev/mail?key=${encodeURIComponent(wrong)}`)).status, wrong).toBe(404);
    }
    // The key works from anywhere: another Host, forwarding headers.
    const anyHeaders: Record<string, string>[] = [{}, { Host: "pwcop.example" }, { "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https" }];
    for (const headers of anyHeaders) {
      expect((await raw(`${server.baseURL}/dev/mail?key=${key}`, { headers })).status).toBe(200);
    }
  });

  it("keeps the key in its links to each message", async () => {
    const email = "dev-mail-link@example.com";
    expect((await fetch(`${server.baseURL}/newsletter`, { method: "POST", body: new URLSearchParams({ email, interests: "training_events" }), redirect: "manual" })).status).toBe(303);
    const key = server.devMailKey!;
    const list = await fetch(`${server.baseURL}/dev/mail?key=${key}`);
    const href = /<a href="([^"]+)">[^<]*<\/a><\/td><td>dev-mail-link@example\.com<\/td>/.exec(await list.text())?.[1]?.replace(/&amp;/g, "&");
    expect(href).toMatch(new RegExp(`^/dev/mail\\?key=${key}&id=\\d+$`));
    const message = await fetch(`${server.baseURL}${href}`);
    expect(message.status).toBe(200);
    expect(await message.text()).toContain("data-message-text");
  });
});

describe("a server with SMTP set up and an https APP_URL", () => {
  let smtp: TestSmtp;
  let server: RunningServer;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ SMTP_URL: smtp.url, APP_URL: "https://pwcop.example", WEB_CONCURRENCY: "1" });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it("has no /dev/mail at all", async () => {
    expect((await fetch(`${server.baseURL}/dev/mail`)).status).toBe(404);
    expect((await raw(`${server.baseURL}/dev/mail`, { headers: { Host: "localhost" } })).status).toBe(404);
  });

  it("sends Strict-Transport-Security and the CSP with a fresh nonce on each page", async () => {
    // A question page: it ships scripts, each carrying the response's nonce.
    const a = await fetch(`${server.baseURL}/eligibility/experience`);
    const b = await fetch(`${server.baseURL}/eligibility/experience`);
    expect(a.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const nonce = (h: Headers) => /'nonce-([^']+)'/.exec(h.get("content-security-policy") ?? "")?.[1];
    expect(nonce(a.headers)).toBeTruthy();
    expect(nonce(a.headers)).not.toBe(nonce(b.headers));
    expect(await a.text()).toContain(`nonce="${nonce(a.headers)}"`);
  });

  it("refuses a Host that is neither APP_URL's nor a loopback name, and puts APP_URL in the calendar, not the request's Host", async () => {
    expect((await raw(`${server.baseURL}/groups/hobart/calendar.ics`, { headers: { Host: "attacker.example" } })).status).toBe(400);
    for (const host of ["localhost", "pwcop.example", "127.0.0.1:1"]) {
      const res = await raw(`${server.baseURL}/groups/hobart/calendar.ics`, { headers: { Host: host } });
      expect(res.status, host).toBe(200);
      expect(/^URL:(.*)$/m.exec(res.body)?.[1]?.trim()).toBe("https://pwcop.example/groups/hobart");
    }
    // /healthz answers load balancers that ask by address.
    expect((await raw(`${server.baseURL}/healthz`, { headers: { Host: "10.0.0.5:3000" } })).status).toBe(200);
  });

  it("the plain-http global server sends no HSTS", async () => {
    expect((await fetch(`${base}/`)).headers.get("strict-transport-security")).toBeNull();
  });
});
