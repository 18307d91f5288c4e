/**
 * Starts the real production server (server/index.ts over build/) on a free
 * port with its own SQLite file, as `npm start` would after `npm run build`.
 * In the tests that file starts as a copy of the run's seeded template
 * (tests/support/template-db.ts), not empty.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";

export interface RunningServer {
  baseURL: string;
  databasePath: string;
  dataDir: string;
  process: ChildProcess;
  /** The key /dev/mail asks for, read from the server's log (unset when SMTP_URL is set). */
  devMailKey: string | undefined;
  /** Everything the server has logged so far. */
  output(): string;
  stop(): Promise<void>;
}

const DEV_MAIL_KEY = /\/dev\/mail\?key=([\w-]+)/;

/**
 * Where the test run's seeded template database is (set by tests/global-setup.ts,
 * inherited by the test files' processes); unset, each server seeds its own file.
 */
export const TEMPLATE_DATABASE_ENV = "PWCOP_TEST_TEMPLATE_DB";

/**
 * Copies the template to `databasePath` when there is one and the server
 * would seed the demo data (the default) on a file of startServer's choosing.
 */
function copyTemplateDatabase(databasePath: string, env: Record<string, string>): void {
  const template = process.env[TEMPLATE_DATABASE_ENV];
  const seeds = env.SEED_DEMO_DATA ?? process.env.SEED_DEMO_DATA ?? "true";
  if (template && !env.DATABASE_PATH && (seeds === "true" || seeds === "1")) copyFileSync(template, databasePath);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const root = path.resolve(import.meta.dirname, "../..");
  const dataDir = mkdtempSync(path.join(tmpdir(), "pwcop-test-"));
  const databasePath = path.join(dataDir, "pwcop.db");
  copyTemplateDatabase(databasePath, env);
  const port = await freePort();
  // The same V8 flag as `npm run serve`: a larger young generation, fewer pauses while rendering pages.
  const child = spawn(process.execPath, ["--max-semi-space-size=32", "--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      LOG_LEVEL: "warn",
      RATE_LIMIT_POSTS_PER_MINUTE: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The primary logs the /dev/mail address (a warning) before its HTTP processes listen; its line may still be in the pipe.
  const logsIt = !env.SMTP_URL && !["error", "silent"].includes(env.LOG_LEVEL ?? "warn");
  while (logsIt && !DEV_MAIL_KEY.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    baseURL,
    databasePath,
    dataDir,
    process: child,
    devMailKey: DEV_MAIL_KEY.exec(output)?.[1],
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
