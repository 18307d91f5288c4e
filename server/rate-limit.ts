import type { RequestHandler } from "express";

/**
 * A fixed-window limiter per client address, in memory (one process).
 * Enough to stop a script hammering the forms; not a defence against a botnet.
 */
export function createRateLimiter({
  perMinute,
  methods,
  exempt = [],
}: {
  perMinute: number;
  methods: string[];
  /** Paths never limited (one-click unsubscribes arrive from mail providers' shared servers). */
  exempt?: string[];
}): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    if (!methods.includes(req.method) || exempt.includes(req.path)) return next();
    const now = Date.now();
    const key = req.ip ?? "unknown";
    let w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(key, w);
      if (windows.size > 10_000) {
        for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
      }
    }
    w.count += 1;
    if (w.count > perMinute) {
      res.setHeader("Retry-After", String(Math.ceil((w.start + 60_000 - now) / 1000)));
      res.status(429).type("text/plain").send("Too many requests in a short time. Please wait a minute and try again.");
      return;
    }
    next();
  };
}
