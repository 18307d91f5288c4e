import * as z from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/pwcop.db"),
  /** Comma-separated; the first signs new cookies. Generated and kept in the database when unset. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Seed the demo groups of PRODUCT.md §4 on first start. */
  SEED_DEMO_DATA: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** POST requests allowed per client address per minute; 0 turns the limit off. */
  RATE_LIMIT_POSTS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /** Where links in emails point. Defaults to http://localhost:PORT. */
  APP_URL: z.string().url().optional(),
  /** smtp://user:pass@host:port or smtps://…; unset: emails are written as .eml files (see /dev/mail). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("ANZPOP Communities of Practice <pwcop@anzpop.example>"),
  /** Where ANZPOP staff are told about join requests nobody answered. */
  STAFF_EMAIL: z.string().email().default("staff@anzpop.example"),
  /** First retry delay; doubles each attempt up to MAIL_RETRY_CAP_MS. */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  MAIL_RETRY_CAP_MS: z.coerce.number().int().min(10).default(30 * 60_000),
  MAIL_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  /** HTTP processes in production; defaults to one per core. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

/** The public origin for links in emails. */
export function appUrl(env: Pick<Env, "APP_URL" | "PORT">): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** Parses the environment once; a bad value stops the server with a readable list of problems. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return result.data;
}
