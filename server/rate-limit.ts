import type { RequestHandler } from "express";
import type { Logger } from "../app/utils/logger.server";
import { tierForPath, UNLIMITED_PATHS, type RateLimiter } from "../app/utils/rate-limit.server";

/**
 * Every form post counts in the `forms` tier, and posts that send an email to
 * a typed address in the `email` tier too. Counts are shared by all HTTP
 * processes (app/utils/rate-limit.server.ts). Over a limit: 429 and a
 * Retry-After, with a plain explanation.
 */
export function rateLimits(limiter: RateLimiter, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST" || UNLIMITED_PATHS.has(req.path)) return next();
    const client = req.ip ?? "unknown";
    const path = req.path.replace(/\.data$/, "");
    let wait = limiter.hit("forms", client);
    const tier = tierForPath(path);
    if (!wait && tier) wait = limiter.hit(tier, client);
    if (!wait) return next();
    logger.info("rate limited", { path: req.path, tier: tier ?? "forms" });
    res.setHeader("Retry-After", String(wait));
    res.status(429).type("text/plain").send("Too many requests in a short time. Please wait a few minutes and try again.\n");
  };
}
