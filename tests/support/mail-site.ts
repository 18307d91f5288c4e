/**
 * A server of its own, wired to a real SMTP server, plus Chromium and a
 * read-only look at its SQLite file: what the email tests share.
 */
import Database from "better-sqlite3";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { startServer, type RunningServer } from "./server";
import { startSmtp, type TestSmtp } from "./smtp";

export interface MailSite {
  smtp: TestSmtp;
  server: RunningServer;
  browser: Browser;
  db: Database.Database;
  /** The site as visitors reach it in these tests. */
  base: string;
  /** Where links in emails point: APP_URL's default, http://localhost:PORT. */
  appUrl: string;
}

/**
 * Starts everything before the file's tests and stops it after; fields are set once beforeAll has run.
 * One HTTP process (WEB_CONCURRENCY=1) unless `env` asks for more: a file that tests requests racing
 * across processes (rate limits, email caps) passes WEB_CONCURRENCY=2.
 */
export function useMailSite(env: Record<string, string> = {}): MailSite {
  const site = {} as MailSite;
  beforeAll(async () => {
    site.smtp = await startSmtp();
    site.server = await startServer({ SMTP_URL: site.smtp.url, MAIL_POLL_MS: "100", WEB_CONCURRENCY: "1", ...env });
    site.base = site.server.baseURL;
    site.appUrl = `http://localhost:${new URL(site.base).port}`;
    site.db = new Database(site.server.databasePath);
    site.db.pragma("busy_timeout = 5000");
    site.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await site.browser?.close();
    site.db?.close();
    await site.server?.stop();
    await site.smtp?.close();
  });
  return site;
}
