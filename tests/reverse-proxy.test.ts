/**
 * The production server behind a real reverse proxy: Debian's nginx, started
 * here on a free loopback port with the server block the README recommends
 * (docs/nginx.conf, quoted in the README's "Behind a reverse proxy"), as an
 * unprivileged child process with its logs and temporary files in a folder
 * of its own. Only what a test cannot do on loopback is changed in that
 * block: no TLS (the `listen 443 ssl` and `ssl_*` lines become a plain
 * loopback `listen`), and the app's port.
 *
 * Through it: /dev/mail is 404 without its key; rate limits count the real
 * client (nginx sees 127.0.0.2 and 127.0.0.3, two clients), not the proxy;
 * HSTS and Secure cookies with an https APP_URL; a Host that is not ours, even
 * one nginx passes on, is refused with 400.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./support/inbox";
import { freePort, startServer, type RunningServer } from "./support/server";

const ROOT = path.resolve(import.meta.dirname, "..");
const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const SERVER_BLOCK = readFileSync(path.join(ROOT, "docs/nginx.conf"), "utf8");
const PUBLIC_HOST = "pwcop.example";
const POSTS_PER_MINUTE = 5;

/** docs/nginx.conf for this machine: a plain loopback listen instead of TLS, and the app's port. Each change must match once. */
function testServerBlock(block: string, listenPort: number, appPort: number): string {
  const once = (text: string, pattern: RegExp, replacement: string) => {
    const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)) ?? [];
    if (matches.length !== 1) throw new Error(`docs/nginx.conf: expected one ${pattern}, found ${matches.length}`);
    return text.replace(pattern, replacement);
  };
  let conf = once(block, /^(\s*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${listenPort};`);
  conf = once(conf, /^\s*ssl_certificate .*\n/m, "");
  conf = once(conf, /^\s*ssl_certificate_key .*\n/m, "");
  return once(conf, /proxy_pass http:\/\/127\.0\.0\.1:3000;/, `proxy_pass http://127.0.0.1:${appPort};`);
}

interface Nginx {
  base: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** nginx in the foreground, unprivileged (as root, its workers stay root: no user to switch to here), everything in `dir`. */
async function startNginx(appPort: number): Promise<Nginx> {
  if (!existsSync(NGINX)) {
    throw new Error(`This test needs Debian's nginx at ${NGINX} (apt-get install -y nginx; .ci/run installs it), or set NGINX_PATH. It is not skipped.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-nginx-"));
  const port = await freePort();
  writeFileSync(path.join(dir, "site.conf"), testServerBlock(SERVER_BLOCK, port, appPort));
  const temp = (name: string) => path.join(dir, name);
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      `error_log ${temp("error.log")} warn;`,
      "events { worker_connections 256; }",
      "http {",
      `  access_log ${temp("access.log")};`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${temp(t)};`),
      `  include ${temp("site.conf")};`,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(NGINX, ["-c", path.join(dir, "nginx.conf"), "-p", dir, "-e", temp("error.log"), "-g", `daemon off; pid ${temp("nginx.pid")};`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(temp("error.log")) ? readFileSync(temp("error.log"), "utf8") : "";
      throw new Error(`nginx exited (${child.exitCode}):\n${output}\n${log}`);
    }
    const res = await request(base, "/healthz").catch(() => undefined);
    if (res?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not answer in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    port,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (Host included), from the loopback address `from`. */
function request(base: string, pathname: string, init: { method?: string; from?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Answer> {
  const u = new URL(base);
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const headers: Record<string, string> = { Host: PUBLIC_HOST, ...init.headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: pathname, method: init.method ?? (body === undefined ? "GET" : "POST"), headers, localAddress: init.from ?? "127.0.0.1", setHost: false, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe("the README's nginx configuration", () => {
  it("is docs/nginx.conf, word for word", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([SERVER_BLOCK]);
  });
});

describe("behind nginx", () => {
  let server: RunningServer;
  let nginx: Nginx;
  let via: (pathname: string, init?: Parameters<typeof request>[2]) => Promise<Answer>;

  beforeAll(async () => {
    server = await startServer({
      TRUST_PROXY: "1",
      APP_URL: `https://${PUBLIC_HOST}`,
      RATE_LIMIT_POSTS_PER_MINUTE: String(POSTS_PER_MINUTE),
      WEB_CONCURRENCY: "1",
    });
    nginx = await startNginx(Number(new URL(server.baseURL).port));
    via = (pathname, init) => request(nginx.base, pathname, init);
  });
  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
  });

  it("serves the site, and the server raised no warning about the proxy (it listens on loopback)", async () => {
    const home = await via("/");
    expect(home.status).toBe(200);
    expect(home.body).toContain("Communities of Practice");
    expect(server.output()).not.toContain("TRUST_PROXY");
  });

  it("/dev/mail is 404 without its key, whatever Host reaches it, and 200 with it", async () => {
    const key = server.devMailKey;
    expect(key, "the /dev/mail key in the server's log").toMatch(/^[\w-]{32}$/);
    // What a bare proxy_pass to localhost used to expose: Host localhost, from this machine.
    for (const host of [PUBLIC_HOST, "localhost", "localhost:3000", "127.0.0.1"]) {
      expect((await via("/dev/mail", { headers: { Host: host } })).status, host).toBe(404);
      expect((await via("/dev/mail?key=wrong", { headers: { Host: host } })).status, host).toBe(404);
    }
    expect((await via(`/dev/mail?key=${key}x`)).status).toBe(404);
    const page = await via(`/dev/mail?key=${key}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Mail sent by this server");
    // Straight to the app, on loopback, as before: the key decides there too.
    expect((await request(server.baseURL, "/dev/mail", { headers: { Host: "localhost" } })).status).toBe(404);
  });

  it("rate limits count the client nginx saw, not nginx, and not what the client claims", async () => {
    // The limit counts in one-minute windows: start with most of one ahead, so a new window cannot open mid-test.
    await waitFor("a rate-limit window with 20 s ahead", () => Date.now() % 60_000 < 40_000, 25_000);
    const post = (from: string, headers: Record<string, string> = {}) => via("/newsletter", { from, headers, form: { email: "" } });
    const first: number[] = [];
    for (let i = 0; i < POSTS_PER_MINUTE; i++) first.push((await post("127.0.0.2")).status);
    expect(first).toEqual(Array(POSTS_PER_MINUTE).fill(400));
    const over = await post("127.0.0.2");
    expect(over.status).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    // Another client through the same proxy has its own count.
    expect((await post("127.0.0.3")).status).toBe(400);
    // A client naming another address in X-Forwarded-For is still counted as itself (nginx appends what it saw).
    expect((await post("127.0.0.2", { "X-Forwarded-For": "203.0.113.9" })).status).toBe(429);
    expect((await post("127.0.0.3")).status).toBe(400);
  });

  it("sends HSTS, and Secure cookies, with an https APP_URL", async () => {
    const page = await via("/eligibility/experience");
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    // A browser's own post, through the proxy: Origin is the public site.
    const posted = await via("/eligibility/experience", {
      headers: { Origin: `https://${PUBLIC_HOST}`, "Sec-Fetch-Site": "same-origin" },
      form: { experience: "workshops" },
    });
    expect(posted.status).toBe(303);
    const cookies = posted.headers["set-cookie"] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("refuses a Host that is not ours with 400, even one nginx passes on", async () => {
    for (const host of ["attacker.example", "pwcop.example.attacker.example", "sub.pwcop.example"]) {
      const res = await via("/", { headers: { Host: host } });
      expect(res.status, host).toBe(400);
      expect(res.body).toMatch(/does not answer to that host/);
    }
    expect((await via("/", { headers: { "X-Forwarded-Host": "attacker.example" } })).status).toBe(400);
    // Ours, and the loopback names (the machine itself, a proxy on it), with any port.
    for (const host of [PUBLIC_HOST, "PWCOP.example", "localhost", "127.0.0.1:8080"]) expect((await via("/", { headers: { Host: host } })).status, host).toBe(200);
    expect((await request(server.baseURL, "/", { headers: { Host: "[::1]:3000" } })).status).toBe(200);
  });
});
