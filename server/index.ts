/**
 * Starts the app: validates the environment, opens the SQLite file, runs
 * migrations and first-start data loads once, then serves.
 *
 * In production the primary process prepares the database and runs the
 * outbox worker, and WEB_CONCURRENCY processes (one per core by default)
 * serve HTTP. With one process (development, or WEB_CONCURRENCY=1) it does both.
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { DB } from "../db/client";
import { openDatabase } from "../db/client";
import { loadGazetteer } from "../db/gazetteer";
import { migrate } from "../db/migrate";
import { purgeStaleWizardSessions } from "../db/queries/wizard-sessions";
import { seedDemoAccounts, seedDemoData } from "../db/seed";
import { sessionSecret } from "../db/queries/settings";
import { appUrl, parseEnv, type Env } from "../app/utils/env.server";
import { createLogger, errorFields, type Logger } from "../app/utils/logger.server";
import { createApp } from "./app";
import { trustProxyWarning } from "./guards";
import { backupJobs, scheduledJobs } from "./jobs";
import { fileMailer, smtpMailer, startMailWorker } from "./mail-worker";

const env = parseEnv();
const logger = createLogger(env.LOG_LEVEL);
const mode = env.NODE_ENV === "production" ? "production" : "development";
const processes = mode === "production" ? (env.WEB_CONCURRENCY ?? os.availableParallelism()) : 1;

/**
 * While no SMTP server is set, /dev/mail shows every email (sign-in codes
 * included) to whoever has this key: made afresh by the primary process at
 * each start, handed to its HTTP processes in their environment, printed
 * once in the log.
 */
const DEV_MAIL_KEY_ENV = "PWCOP_DEV_MAIL_KEY";
const devMailKey = env.SMTP_URL ? undefined : cluster.isWorker ? process.env[DEV_MAIL_KEY_ENV] : crypto.randomBytes(24).toString("base64url");
const forkHttpProcess = () => cluster.fork(devMailKey ? { [DEV_MAIL_KEY_ENV]: devMailKey } : {});

const secretsFor = (db: DB) => (env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()) : [sessionSecret(db)]);

/** Migrations, gazetteer and demo data: once, before anything serves. */
function prepareDatabase(): DB {
  const db = openDatabase(env.DATABASE_PATH);
  const applied = migrate(db);
  const places = loadGazetteer(db);
  const demo = env.SEED_DEMO_DATA ? seedDemoData(db) : { groups: 0 };
  const accounts = env.SEED_DEMO_DATA ? seedDemoAccounts(db) : { users: 0 };
  const purged = purgeStaleWizardSessions(db);
  logger.info("database ready", { migrationsApplied: applied.length, places: places.au + places.nz, demoGroupsAdded: demo.groups, demoAccountsAdded: accounts.users, wizardSessionsPurged: purged });
  return db;
}

function startOutbox(db: DB, secrets: string[]) {
  const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL) : fileMailer(path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "mail"));
  const worker = startMailWorker({
    db,
    logger,
    mailer,
    from: env.MAIL_FROM,
    pollMs: env.MAIL_POLL_MS,
    retryBaseMs: env.MAIL_RETRY_BASE_MS,
    retryCapMs: env.MAIL_RETRY_CAP_MS,
    jobs: [...scheduledJobs({ db, env, logger, secrets }), ...backupJobs({ db, env, logger, secrets })],
  });
  logger.info("outbox worker started", { delivery: worker.describe });
  if (devMailKey) logger.warn(`no SMTP_URL: emails are saved as files; read them at ${appUrl(env)}/dev/mail?key=${devMailKey} (set SMTP_URL in production)`);
  const trustWarning = trustProxyWarning(env.TRUST_PROXY, env.HOST);
  if (trustWarning) logger.warn(trustWarning);
  return worker;
}

async function serveHttp(db: DB, secrets: string[], services: { env: Env; logger: Logger }) {
  const app = await createApp({ services: { db, secrets, ...services }, mode, postsPerMinute: env.RATE_LIMIT_POSTS_PER_MINUTE, devMailKey });
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    logger.info("listening", { url: `http://localhost:${port}`, mode, pid: process.pid });
  });
  return server;
}

/** On SIGTERM/SIGINT: stop taking requests, let the outbox finish its pass, close the database. */
function stopOnSignal(stopHttp: (done: () => void) => void, outbox: ReturnType<typeof startOutbox>, db: DB) {
  const shutdown = () => {
    stopHttp(() => {
      void outbox.stop().finally(() => {
        db.close();
        process.exit(0);
      });
    });
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

try {
  if (processes > 1 && cluster.isPrimary) {
    const db = prepareDatabase();
    const outbox = startOutbox(db, secretsFor(db));
    let stopping = false;
    for (let i = 0; i < processes; i++) forkHttpProcess();
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      logger.warn("http process exited; starting another", { pid: worker.process.pid, code, signal });
      forkHttpProcess();
    });
    stopOnSignal(
      (done) => {
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
        done();
      },
      outbox,
      db,
    );
  } else if (cluster.isWorker) {
    // An HTTP process: the primary has prepared the database and sends the mail.
    const db = openDatabase(env.DATABASE_PATH);
    const server = await serveHttp(db, secretsFor(db), { env, logger });
    const stop = () => server.close(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", () => undefined); // the primary decides
    // If the primary dies (even by SIGKILL), this process must not linger.
    process.on("disconnect", () => process.exit(0));
  } else {
    const db = prepareDatabase();
    const secrets = secretsFor(db);
    const outbox = startOutbox(db, secrets);
    const server = await serveHttp(db, secrets, { env, logger });
    stopOnSignal((done) => server.close(() => done()), outbox, db);
  }
} catch (error) {
  logger.error("startup failed", errorFields(error));
  process.exit(1);
}
