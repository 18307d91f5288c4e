import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.use(createRateLimiter({ perMinute: 3, methods: ["POST"], exempt: ["/newsletter/unsubscribe"] }));
  app.all("*", (_req, res) => res.send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("rate limit", () => {
  it("refuses the fourth POST in a minute with a plain message, never GETs or exempt paths", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/form`, { method: "POST" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await fetch(`${base}/form`)).status).toBe(200);
    expect((await fetch(`${base}/newsletter/unsubscribe`, { method: "POST" })).status).toBe(200);
    const refused = await fetch(`${base}/form`, { method: "POST" });
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toMatch(/wait a minute/);
  });
});
