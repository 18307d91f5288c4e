import * as z from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/pwcop.db"),
  /** Comma-separated; the first signs new cookies. Generated and kept in the database when unset. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Seed the demo groups (db/demo-groups.ts) on first start. */
  SEED_DEMO_DATA: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Form posts allowed per client address per minute; 0 turns every per-client limit off (per-recipient email caps stay). */
  RATE_LIMIT_POSTS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /**
   * Which proxies in front of the app to believe about the client's address
   * (X-Forwarded-For), as Express's "trust proxy": \`false\` (default: none, the
   * socket's address is the client), a hop count such as \`1\` for one reverse
   * proxy, \`true\` (every hop), or \`loopback\` / addresses / CIDR ranges,
   * comma-separated. A hop count or \`true\` while HOST is not a loopback
   * address is warned about at start (server/guards.ts trustProxyWarning).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default("false")
    .refine((v) => v === "false" || v === "true" || /^\d{1,2}$/.test(v) || /^[\w.:/]+(\s*,\s*[\w.:/]+)*$/.test(v), "use false, true, a hop count, or addresses / CIDR ranges / loopback")
    .transform((v): boolean | number | string => (v === "false" ? false : v === "true" ? true : /^\d+$/.test(v) ? Number(v) : v)),
  /** Folder for the scheduled online backups of the database; defaults to \`backups\` beside it. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Minutes between scheduled backups; 0 turns them off. */
  BACKUP_EVERY_MINUTES: z.coerce.number().int().min(0).default(60),
  /** Weeks between "is the group still meeting?" emails to each group's convenors; 0 turns them off. */
  FRESHNESS_EVERY_WEEKS: z.coerce.number().int().min(0).max(520).default(12),
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
