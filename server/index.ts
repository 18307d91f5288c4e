/**
 * Starts the app: validates the environment, opens the SQLite file, runs
 * migrations and first-start data loads once, then serves.
 */
import { openDatabase } from "../db/client";
import { loadGazetteer } from "../db/gazetteer";
import { migrate } from "../db/migrate";
import { purgeStaleWizardSessions } from "../db/queries/wizard-sessions";
import { seedDemoData } from "../db/seed";
import { sessionSecret } from "../db/queries/settings";
import { parseEnv } from "../app/utils/env.server";
import { createLogger, errorFields } from "../app/utils/logger.server";
import { createApp } from "./app";
import { scheduledJobs } from "./jobs";
import { fileMailer, smtpMailer, startMailWorker } from "./mail-worker";
import path from "node:path";

const env = parseEnv();
const logger = createLogger(env.LOG_LEVEL);

try {
  const db = openDatabase(env.DATABASE_PATH);
  const applied = migrate(db);
  const places = loadGazetteer(db);
  const demo = env.SEED_DEMO_DATA ? seedDemoData(db) : { groups: 0 };
  const purged = purgeStaleWizardSessions(db);
  logger.info("database ready", { migrationsApplied: applied.length, places: places.au + places.nz, demoGroupsAdded: demo.groups, wizardSessionsPurged: purged });

  const secrets = env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()) : [sessionSecret(db)];
  const mode = env.NODE_ENV === "production" ? "production" : "development";
  const app = await createApp({
    services: { db, env, logger, secrets },
    mode,
    postsPerMinute: env.RATE_LIMIT_POSTS_PER_MINUTE,
  });
  const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL) : fileMailer(path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "mail"));
  const worker = startMailWorker({
    db,
    logger,
    mailer,
    from: env.MAIL_FROM,
    pollMs: env.MAIL_POLL_MS,
    retryBaseMs: env.MAIL_RETRY_BASE_MS,
    retryCapMs: env.MAIL_RETRY_CAP_MS,
    jobs: scheduledJobs({ db, env, logger, secrets }),
  });
  logger.info("outbox worker started", { delivery: worker.describe });

  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    logger.info("listening", { url: `http://localhost:${port}`, mode });
  });
  const shutdown = () => {
    server.close(() => {
      void worker.stop().finally(() => {
        db.close();
        process.exit(0);
      });
    });
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
} catch (error) {
  logger.error("startup failed", errorFields(error));
  process.exit(1);
}
