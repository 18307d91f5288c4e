/**
 * "Email that never gets lost", under faults: the SMTP server refuses every
 * connection while 200 people ask to join a group over HTTP (each through
 * their own wizard session), and the app server is SIGKILLed half-way and
 * started again on the same SQLite file. Then the SMTP server comes up. Every
 * join request that was answered "sent" must produce exactly one email to the
 * convenor and one to the applicant (counted by Message-ID, and raw), and
 * exactly one join_requests row.
 *
 * A visitor whose request was cut off by the kill does what a person would:
 * sends it again once the site is back. The server's answer to that is the
 * same request (one per wizard session and group), never a second one.
 *
 * FAULT_REQUESTS and FAULT_CONCURRENCY change the size of the run;
 * FAULT_DEBUG=1 logs at info and streams the restarted server's log.
 */
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { decode } from "./support/inbox";
import { freePort, startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";
import { finishWizard, HOBART_GROUPS, isJoinSent, postJoin, Visitor } from "./support/wizard-client";

const TOTAL = Number(process.env.FAULT_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 12);
const KILL_AFTER = Math.floor(TOTAL / 2);
const CONVENORS: Record<string, string> = {
  hobart: "ruth.convenor@example.org",
  "anz-evenings": "grace.convenor@example.org",
  "west-and-asia-daytime": "lin.convenor@example.org",
};

let server: RunningServer | undefined;
let smtp: TestSmtp | undefined;
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isNetworkError = (e: unknown) => e instanceof TypeError && /fetch failed/i.test(e.message);

interface Outcome {
  i: number;
  slug: string;
  name: string;
  email: string;
  sent: boolean;
  /** Attempts cut off by the kill (no answer at all), then sent again. */
  interrupted: number;
  /** Of those, posts of the join form itself. */
  joinInterrupted: number;
  status?: number;
}

it(
  `no join-request email is lost or doubled: ${TOTAL} requests, SMTP refusing, the server SIGKILLed half-way`,
  async () => {
    const t0 = Date.now();
    const smtpPort = await freePort(); // nothing listens here yet: every connection is refused
    const databasePath = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-fault-")), "pwcop.db");
    const env = {
      DATABASE_PATH: databasePath,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_RETRY_BASE_MS: "200",
      MAIL_RETRY_CAP_MS: "1000",
      MAIL_POLL_MS: "100",
      ...(process.env.FAULT_DEBUG ? { LOG_LEVEL: "info" } : {}),
    };
    server = await startServer(env);
    const tStarted = Date.now();

    let baseURL = server.baseURL;
    let back: Promise<void> | null = null;
    let kills = 0;
    let joinsDone = 0;
    let killedAt = 0;
    let restartedAt = 0;
    let restartTries = 0;

    /** SIGKILL mid-run, while other visitors' requests are in flight, then start again on the same file. */
    async function killAndRestart() {
      const victim = server!;
      killedAt = Date.now();
      const exited = new Promise((r) => victim.process.once("exit", r));
      victim.process.kill("SIGKILL");
      await exited;
      server = undefined; // (its stop() would wait for an exit that has happened)
      kills += 1;
      // build/ is shared: if someone is rebuilding it right now, try again shortly.
      for (let tries = 1; ; tries++) {
        try {
          server = await startServer(env);
          restartTries = tries;
          break;
        } catch (error) {
          if (tries >= 3 || !/Cannot find module .*build/.test(String(error))) throw error;
          await sleep(3000);
        }
      }
      if (process.env.FAULT_DEBUG) server.process.stdout?.on("data", (d) => process.stderr.write(`[server] ${d}`));
      if (process.env.FAULT_DEBUG) server.process.stderr?.on("data", (d) => process.stderr.write(`[server!] ${d}`));
      baseURL = server.baseURL;
      restartedAt = Date.now();
    }

    /** Runs `step`; if the server was not there to answer, waits for it and sends the same thing again. */
    async function persist<T>(o: Outcome, step: () => Promise<T>, isJoin = false): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await step();
        } catch (error) {
          if (!isNetworkError(error) || attempt > 200) throw error;
          o.interrupted += 1;
          if (isJoin) o.joinInterrupted += 1;
          await (back ?? sleep(50));
        }
      }
    }

    async function applicant(i: number): Promise<Outcome> {
      const slug = HOBART_GROUPS[i % HOBART_GROUPS.length]!;
      const n = String(i).padStart(4, "0");
      const o: Outcome = { i, slug, name: `Fault Applicant ${n}`, email: `fault-${n}@example.com`, sent: false, interrupted: 0, joinInterrupted: 0 };
      const visitor = new Visitor(() => baseURL);
      await persist(o, () => finishWizard(visitor));
      const res = await persist(o, () => postJoin(visitor, slug, { name: o.name, email: o.email, note: `Note ${n}`, hopes: ["connection"] }), true);
      o.status = res.status;
      o.sent = isJoinSent(res, slug);
      joinsDone += 1;
      if (joinsDone === KILL_AFTER && !back) back = killAndRestart().finally(() => (back = null));
      return o;
    }

    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) outcomes.push(await applicant(next++));
      }),
    );
    if (back) await back;
    const tRequestsDone = Date.now();

    const db = new Database(databasePath, { readonly: true });
    db.pragma("busy_timeout = 5000");
    try {
      const successes = outcomes.filter((o) => o.sent);
      const interrupted = outcomes.filter((o) => o.interrupted > 0);
      expect(kills).toBe(1);
      expect(successes).toHaveLength(TOTAL);

      // The database: one row per request answered "sent", and two emails each in the outbox, none sent yet.
      const rows = db.prepare("SELECT email, count(*) AS n FROM join_requests GROUP BY email").all() as { email: string; n: number }[];
      expect(rows).toHaveLength(successes.length);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.email))).toEqual(new Set(successes.map((o) => o.email)));
      const outbox = () =>
        db.prepare("SELECT status, count(*) AS n, sum(attempts) AS attempts FROM outbox GROUP BY status").all() as { status: string; n: number; attempts: number }[];
      const before = outbox();
      expect(before.find((r) => r.status === "sent")).toBeUndefined();
      expect(before.find((r) => r.status === "failed")).toBeUndefined();
      expect(before.reduce((a, r) => a + r.n, 0)).toBe(2 * successes.length);
      const refusedAttempts = before.reduce((a, r) => a + r.attempts, 0);
      const mostAttempts = (db.prepare("SELECT max(attempts) AS n FROM outbox").get() as { n: number }).n;

      // The SMTP server comes up on the port that refused everything; the outbox drains.
      smtp = await startSmtp(smtpPort);
      const tSmtpUp = Date.now();
      const deadline = Date.now() + 60_000;
      for (;;) {
        const pending = (db.prepare("SELECT count(*) AS n FROM outbox WHERE status <> 'sent'").get() as { n: number }).n;
        if (pending === 0) break;
        if (Date.now() > deadline) {
          const stuck = db.prepare("SELECT id, kind, status, attempts, next_attempt_at AS next, last_error AS error, created_at AS created FROM outbox WHERE status <> 'sent'").all();
          throw new Error(`outbox did not drain: ${pending} left, ${JSON.stringify(outbox())}\n${JSON.stringify(stuck, null, 1)}\nSMTP up at ${new Date(tSmtpUp).toISOString()}, restarted at ${new Date(restartedAt).toISOString()}`);
        }
        await sleep(100);
      }
      const tDrained = Date.now();
      // Drained: every message has been handed over (the test server records one before its 250), so a duplicate would be here already.

      const received = smtp.received;
      const unique = smtp.unique();
      const byMessageId = new Map<string, number>();
      for (const m of received) byMessageId.set(m.messageId ?? "", (byMessageId.get(m.messageId ?? "") ?? 0) + 1);
      const duplicatesById = [...byMessageId.values()].filter((n) => n > 1).length;
      const outboxIds = new Set((db.prepare("SELECT message_id AS id FROM outbox").all() as { id: string }[]).map((r) => r.id));

      let convenorMails = 0;
      let applicantMails = 0;
      const problems: string[] = [];
      for (const o of successes) {
        // The subject names the group; the applicant is named in the text.
        const toConvenor = unique.filter(
          (m) =>
            m.to.includes(CONVENORS[o.slug]!) &&
            m.subject === `New request to join ${o.slug === "hobart" ? "Hobart" : o.slug === "anz-evenings" ? "ANZ evenings" : "West & Asia daytime"}` &&
            decode(m).text.includes(`Name: ${o.name}\n`),
        );
        const toApplicant = unique.filter((m) => m.to.includes(o.email));
        const rawConvenor = received.filter((m) => toConvenor.some((u) => u.messageId === m.messageId)).length;
        const rawApplicant = received.filter((m) => m.to.includes(o.email)).length;
        if (toConvenor.length !== 1 || rawConvenor !== 1) problems.push(`${o.name}: ${toConvenor.length} convenor emails (${rawConvenor} raw)`);
        if (toApplicant.length !== 1 || rawApplicant !== 1) problems.push(`${o.name}: ${toApplicant.length} applicant emails (${rawApplicant} raw)`);
        convenorMails += toConvenor.length;
        applicantMails += toApplicant.length;
      }

      const seconds = (a: number, b: number) => `${((b - a) / 1000).toFixed(1)} s`;
      console.log(
        [
          `email fault test: ${TOTAL} join requests, concurrency ${CONCURRENCY}, SMTP refusing on port ${smtpPort}`,
          `  responses "sent": ${successes.length}; visitors cut off by the kill and sent again: ${interrupted.length} (${interrupted.reduce((a, o) => a + o.interrupted, 0)} attempts, ${interrupted.reduce((a, o) => a + o.joinInterrupted, 0)} of them join-form posts)`,
          `  kills: ${kills} (SIGKILL after ${KILL_AFTER} requests; down ${seconds(killedAt, restartedAt)} including restart${restartTries > 1 ? `, ${restartTries} tries: build/ was being rebuilt` : ""})`,
          `  join_requests rows: ${rows.length}; outbox rows: ${outboxIds.size}; delivery attempts refused before SMTP came up: ${refusedAttempts} (at most ${mostAttempts} for one message)`,
          `  received: ${received.length} raw, ${unique.length} by Message-ID; duplicates by Message-ID: ${duplicatesById}; raw duplicates: ${received.length - unique.length}`,
          `  convenor emails: ${convenorMails}; applicant emails: ${applicantMails}`,
          `  timings: first start ${seconds(t0, tStarted)}, requests (with kill and restart) ${seconds(tStarted, tRequestsDone)}, ` +
            `SMTP up → outbox drained ${seconds(tSmtpUp, tDrained)}, total ${seconds(t0, Date.now())}`,
        ].join("\n"),
      );

      expect(problems).toEqual([]);
      expect(received).toHaveLength(2 * successes.length);
      expect(unique).toHaveLength(2 * successes.length);
      expect(duplicatesById).toBe(0);
      expect(new Set(unique.map((m) => m.messageId))).toEqual(outboxIds);
      expect(convenorMails).toBe(successes.length);
      expect(applicantMails).toBe(successes.length);
    } finally {
      db.close();
    }
  },
  150_000,
);
