import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import crypto from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import express from "express";
import type { Services } from "../app/context";
import { errorFields } from "../app/utils/logger.server";
import { MAX_DRAIN_BYTES, MAX_FORM_BYTES } from "../app/wizard/form-data.server";
import { createRateLimiter } from "./rate-limit";

export interface AppOptions {
  services: Services;
  /** Production serves build/; development runs Vite in middleware mode. */
  mode: "production" | "development";
  buildDirectory?: string;
  /** POST requests allowed per client address per minute; 0 turns the limit off. */
  postsPerMinute?: number;
}

const MAX_BODY_BYTES = MAX_FORM_BYTES;

const isLoopback = (address: string | undefined) =>
  address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

export async function createApp({ services, mode, buildDirectory = "build", postsPerMinute = 120 }: AppOptions) {
  const { logger, db } = services;
  const app = express();
  app.disable("x-powered-by");
  // Remix reads the URL itself; nothing here uses req.query, so it is not parsed.
  app.set("query parser", false);
  app.set("trust proxy", "loopback");
  app.use(compression());

  // Per-request CSP nonce and security headers.
  app.use((_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'" + (mode === "development" ? " ws:" : ""),
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
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

  if (postsPerMinute > 0) {
    app.use(createRateLimiter({ perMinute: postsPerMinute, methods: ["POST"], exempt: ["/newsletter/unsubscribe", "/eligibility/reminder/cancel"] }));
  }

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
        clientIsLocal: isLoopback(req.socket.remoteAddress),
      }),
    }),
  );

  return app;
}
