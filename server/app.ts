import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import crypto from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import express from "express";
import helmet from "helmet";
import type { Services } from "../app/context";
import { appUrl } from "../app/utils/env.server";
import { errorFields } from "../app/utils/logger.server";
import { createRateLimiter } from "../app/utils/rate-limit.server";
import { MAX_DRAIN_BYTES, MAX_FORM_BYTES } from "../app/forms/form-data.server";
import { dropUntrustedForwarding, onlyAllowedMethods, ourHostOnly, sameOriginPosts, validHost } from "./guards";
import { rateLimits } from "./rate-limit";

export interface AppOptions {
  services: Services;
  /** Production serves build/; development runs Vite in middleware mode. */
  mode: "production" | "development";
  buildDirectory?: string;
  /** Form posts allowed per client address per minute; 0 turns the per-client limits off. */
  postsPerMinute?: number;
  /** The key /dev/mail asks for (made at start while SMTP_URL is unset); without one, /dev/mail is 404. */
  devMailKey?: string;
}

const MAX_BODY_BYTES = MAX_FORM_BYTES;

export async function createApp({ services, mode, buildDirectory = "build", postsPerMinute = 120, devMailKey }: AppOptions) {
  const { logger, db } = services;
  const app = express();
  app.disable("x-powered-by");
  // Remix reads the URL itself; nothing here uses req.query, so it is not parsed.
  app.set("query parser", false);
  // Whose word to take for the client's address: nobody's unless TRUST_PROXY says so.
  const trustProxy = services.env.TRUST_PROXY;
  app.set("trust proxy", trustProxy);

  // Before anything else: methods Remix must never see, hosts that make no URL or are not ours.
  app.use(onlyAllowedMethods);
  app.use(validHost);
  app.use(dropUntrustedForwarding(trustProxy !== false && trustProxy !== 0));
  app.use(ourHostOnly(services.env.APP_URL));
  app.use(compression());

  // Security headers, with a fresh CSP nonce for each response's inline scripts.
  const https = appUrl(services.env).startsWith("https:");
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`, "'strict-dynamic'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'", ...(mode === "development" ? ["ws:"] : [])],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only where the site is served over HTTPS: on plain http it would be ignored at best.
      strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      // Pages load nothing from other sites, and nothing of ours is meant to be embedded elsewhere.
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", "geolocation=(), camera=(), microphone=()");
    next();
  });

  // Access log: method, route path (no query string: it may hold a place), status, time.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info("request", { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    try {
      db.prepare("SELECT 1").get();
      res.type("text/plain").send("ok");
    } catch (error) {
      logger.error("healthz failed", errorFields(error));
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  // Oversized bodies are refused unread. A moderate excess is drained first, so the
  // client reads our answer instead of a reset connection; a huge one closes the connection.
  app.use((req, res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    if (length <= MAX_BODY_BYTES) return next();
    const refuse = () => res.status(413).type("text/plain").send("That was more than this form accepts. Please shorten your answer and try again.");
    if (length > MAX_DRAIN_BYTES) {
      res.setHeader("Connection", "close");
      refuse();
      return;
    }
    req.on("end", refuse);
    req.on("error", () => res.destroy());
    req.resume();
  });

  app.use(sameOriginPosts(logger));

  const limiter = createRateLimiter({ db, secret: services.secrets[0]!, postsPerMinute });
  app.use(rateLimits(limiter, logger));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (mode === "production") {
    const root = path.resolve(buildDirectory);
    app.use("/assets", express.static(path.join(root, "client/assets"), { immutable: true, maxAge: "1y" }));
    // The few other public files (favicon and the like) are known at start:
    // only their paths reach the file system, not every page request.
    const client = path.join(root, "client");
    const publicFiles = new Set(
      readdirSync(client, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `/${entry.name}`),
    );
    const servePublic = express.static(client, { maxAge: "1h", index: false });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
    build = (await import(path.join(root, "server/index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({
        ...services,
        cspNonce: res.locals.cspNonce as string,
        devMailKey: services.env.SMTP_URL ? undefined : devMailKey,
        clientAddress: req.ip ?? "unknown",
        rateLimiter: limiter,
      }),
    }),
  );

  return app;
}
