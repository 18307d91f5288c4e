/**
 * Requests answered before Remix runs: methods it must never see, Host
 * headers that cannot make a URL or name another site, and cross-site form posts. Each gets a
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

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** A host name without its port, in lower case, without a final dot. */
function hostName(host: string): string {
  const bare = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
  return bare.toLowerCase().replace(/\.$/, "");
}

/** localhost, 127.0.0.1 or [::1], with any port. */
export const isLoopbackName = (host: string) => LOOPBACK_NAMES.has(hostName(host));

/**
 * With APP_URL set, the site answers only to its own name (and to loopback
 * names, for the machine itself and a proxy on it): any other Host, or
 * forwarded host, gets 400 before Remix runs. Unset (the demo), any
 * well-formed host is served. /healthz answers whatever the host, for load
 * balancers that ask by address.
 */
export function ourHostOnly(publicUrl: string | undefined): RequestHandler {
  if (!publicUrl) return (_req, _res, next) => next();
  const ours = hostName(new URL(publicUrl).host);
  const allowed = (host: string) => hostName(host) === ours || isLoopbackName(host);
  return (req, res, next) => {
    const forwarded = req.headers["x-forwarded-host"];
    const hosts = [req.headers.host ?? "", ...(typeof forwarded === "string" ? forwarded.split(",").map((h) => h.trim()) : [])];
    if (req.path === "/healthz" || hosts.every(allowed)) return next();
    res.status(400).type("text/plain").send("This server does not answer to that host name.\n");
  };
}

/** Loopback interfaces: only this machine (and a proxy on it) can connect. */
const isLoopbackAddress = (host: string) => host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/**
 * Trusting X-Forwarded-For by hop count (or from anyone) is right behind a
 * proxy on another machine, but while the server also listens where clients
 * can reach it directly, such a client picks its own address (and so its
 * own rate-limit bucket). A warning, not a refusal: a remote proxy needs it.
 */
export function trustProxyWarning(trustProxy: boolean | number | string, listenHost: string): string | undefined {
  const everyone = trustProxy === true || (typeof trustProxy === "number" && trustProxy > 0);
  if (!everyone || isLoopbackAddress(listenHost)) return undefined;
  return `TRUST_PROXY=${String(trustProxy)} while listening on ${listenHost}: a client that connects directly, not through the proxy, can choose its own address (X-Forwarded-For) and so its own rate-limit bucket. Listen on a loopback address (HOST=127.0.0.1) behind a proxy on this machine, or let only the proxy reach this port.`;
}

type Decision = { ok: true } | { ok: false; reason: string };

/** Whether a form post is ours: Sec-Fetch-Site where the browser sends it, else Origin. */
export function postOrigin(req: Request): Decision {
  const site = req.headers["sec-fetch-site"];
  // The browser's own word, which no page can set: same-origin is us whatever Origin says
  // (Origin: null after a no-referrer page, a sandboxed frame or a redirect); "none" is the
  // person's own doing (a bookmark, a typed address). A sibling subdomain (same-site) is not us.
  if (site === "same-origin" || site === "none") return { ok: true };
  if (site === "cross-site" || site === "same-site") return { ok: false, reason: `sec-fetch-site ${site}` };
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  if (origin === "null") return { ok: false, reason: "origin null" };
  const forwarded = req.headers["x-forwarded-host"];
  const host = (typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : undefined) || req.headers.host;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  return originHost && originHost === host ? { ok: true } : { ok: false, reason: "foreign origin" };
}

/**
 * Form posts from another site (CSRF) get 403 with a page that says what to
 * do, and one log line. A post that is ours reaches Remix with no Origin
 * header: Remix's own check compares Origin with Host and throws (a 500) on
 * `Origin: null` or any mismatch this check has already judged.
 */
export function sameOriginPosts(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") return next();
    const decision = postOrigin(req);
    if (decision.ok) {
      delete req.headers.origin;
      return next();
    }
    logger.warn("cross-site form post refused", { path: req.path, reason: decision.reason });
    res
      .status(403)
      .type("html")
      .send(page("This form was sent from another website", "For your safety we only accept forms sent from this site's own pages. Please go back to our page and send the form from there."));
  };
}
