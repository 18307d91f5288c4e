import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../db/client";
import { migrate } from "../db/migrate";
import { enqueueEmail, listOutbox } from "../db/queries/outbox";
import { createLogger } from "../app/utils/logger.server";
import { startSmtp, type TestSmtp } from "../tests/support/smtp";
import { fileMailer, retryDelay, smtpMailer, startMailWorker, withoutAddresses } from "./mail-worker";

let db: DB;
let dir: string;
let smtp: TestSmtp | undefined;
const logger = createLogger("silent");
const email = (n: number) => ({ kind: "test", to: `person${n}@example.com`, subject: `Hello ${n}`, text: `Body ${n}`, html: `<p>Body ${n}</p>` });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pwcop-mail-"));
  db = openDatabase(path.join(dir, "t.db"));
  migrate(db);
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

describe("outbox worker", () => {
  it("delivers each message once over SMTP and marks it sent only after acceptance", async () => {
    smtp = await startSmtp();
    for (const n of [1, 2, 3]) enqueueEmail(db, email(n), "test.local");
    const worker = startMailWorker({ db, logger, mailer: smtpMailer(smtp.url), from: "Test <from@test.local>", pollMs: 60_000, retryBaseMs: 10, retryCapMs: 50 });
    await worker.drain();
    await worker.stop();
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["person1@example.com", "person2@example.com", "person3@example.com"]);
    expect(listOutbox(db).every((m) => m.status === "sent")).toBe(true);
    const rows = listOutbox(db);
    expect(new Set(smtp.received.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)));
  });

  it("keeps a message queued while the SMTP server refuses, then delivers it with the same Message-ID", async () => {
    smtp = await startSmtp();
    const port = smtp.port;
    await smtp.close();
    enqueueEmail(db, email(1), "test.local");
    const worker = startMailWorker({ db, logger, mailer: smtpMailer(`smtp://127.0.0.1:${port}`), from: "t@test.local", pollMs: 60_000, retryBaseMs: 10, retryCapMs: 20 });
    await worker.drain();
    let [row] = listOutbox(db);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toBeTruthy();
    smtp = await startSmtp(port);
    await new Promise((r) => setTimeout(r, 40));
    await worker.drain();
    await worker.stop();
    [row] = listOutbox(db);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.messageId).toBe(row!.messageId);
  });

  it("writes .eml files when there is no SMTP server", async () => {
    enqueueEmail(db, email(7), "test.local");
    const mailDir = path.join(dir, "mail");
    const worker = startMailWorker({ db, logger, mailer: fileMailer(mailDir), from: "t@test.local", pollMs: 60_000, retryBaseMs: 10, retryCapMs: 20 });
    await worker.drain();
    await worker.stop();
    const files = readdirSync(mailDir);
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(mailDir, files[0]!), "utf8")).toMatch(/Subject: Hello 7/);
  });

  it("does not queue the same email twice for one dedupe key", () => {
    const a = enqueueEmail(db, { ...email(1), dedupeKey: "join:1:convenor" }, "t");
    const b = enqueueEmail(db, { ...email(1), dedupeKey: "join:1:convenor" }, "t");
    expect(b).toEqual({ id: a.id, created: false });
    expect(listOutbox(db)).toHaveLength(1);
  });

  it("keeps addresses out of logged SMTP errors", () => {
    expect(withoutAddresses("550 5.1.1 <jo.bloggs@example.com>: Recipient address rejected")).toBe("550 5.1.1 <[address]>: Recipient address rejected");
  });

  it("backs off exponentially up to a cap", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, 1000, 5000, mid))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
