/**
 * Requests answered before Remix runs: methods it must never see, Host
 * headers that cannot make a URL, and cross-site form posts. Each gets a
 * short, calm answer and at most one log line, never a stack trace.
 */
import type { Request, RequestHandler } from "express";
import type { Logger } from "../app/utils/logger.server";

export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;
const ALLOW = ALLOWED_METHODS.join(", ");

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p><p><a href="/">Go to the home page</a></p></body></html>`;

/** Only GET, HEAD and POST reach the app: anything else is 405 with an Allow header. */
export const onlyAllowedMethods: RequestHandler = (req, res, next) => {
  if ((ALLOWED_METHODS as readonly string[]).includes(req.method)) return next();
  res.setHeader("Allow", ALLOW);
  // The body, if any, is left unread: the connection is not reused.
  res.setHeader("Connection", "close");
  res.status(405).type("text/plain").send(`This address does not accept ${req.method} requests. It accepts ${ALLOW}.\n`);
};

/** A host name, IPv4 or bracketed IPv6 address, with an optional port. */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function isValidHost(value: string | undefined): value is string {
  if (!value || value.length > 260 || !HOST_PATTERN.test(value)) return false;
  try {
    new URL(`http://${value}/`);
    return true;
  } catch {
    return false;
  }
}

/** The Host header (and a forwarded host, when one is believed) must make a URL: 400 otherwise. */
export const validHost: RequestHandler = (req, res, next) => {
  const forwarded = req.headers["x-forwarded-host"];
  const forwardedFirst = typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : undefined;
  if (isValidHost(req.headers.host) && (forwardedFirst === undefined || isValidHost(forwardedFirst))) return next();
  res.status(400).type("text/plain").send("The request's Host header is not a valid host name.\n");
};

/**
 * Forwarding headers count only when TRUST_PROXY says a proxy of ours sets
 * them; otherwise they are removed, so nothing downstream (the URL Remix
 * builds, the client's address) can be steered by a client.
 */
export function dropUntrustedForwarding(trusted: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!trusted) {
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-for"];
      delete req.headers["forwarded"];
    }
    next();
  };
}

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via"];
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopback = (address: string | undefined) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

/**
 * A request straight from this machine: loopback socket, no forwarding
 * headers (a reverse proxy on the same machine adds them) and a local Host.
 * Read before any forwarding header is dropped.
 */
export function isDirectLocalRequest(req: Request): boolean {
  if (!isLoopback(req.socket.remoteAddress)) return false;
  if (FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  return LOCAL_HOSTS.has(host);
}

/**
 * Remix refuses a form post whose Origin is another site's (CSRF) by
 * throwing, which would be a 500. The same check, here, answers 403 with a
 * page that says what to do, and one log line.
 */
export function sameOriginPosts(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") return next();
    const origin = req.headers.origin;
    if (origin === undefined || origin === "null") return next();
    const forwarded = req.headers["x-forwarded-host"];
    const host = (typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : undefined) || req.headers.host;
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost && originHost === host) return next();
    logger.warn("cross-site form post refused", { path: req.path });
    res
      .status(403)
      .type("html")
      .send(page("This form was sent from another website", "For your safety we only accept forms sent from this site's own pages. Please go back to our page and send the form from there."));
  };
}
