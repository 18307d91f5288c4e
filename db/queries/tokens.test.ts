import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { tamper } from "../../tests/support/tamper";
import { checkToken, consumeToken, issueToken } from "./tokens";

let db: DB;
const secrets = ["secret-one-that-is-long-enough"];
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-tokens-")), "t.db"));
  migrate(db);
});

describe("tokens", () => {
  it("works once, for its purpose, until it expires", () => {
    const value = issueToken(db, secrets[0]!, { purpose: "decide", subject: "join:1", payload: { decision: "accept" }, ttlMs: 60_000 });
    const first = checkToken(db, secrets, value, "decide");
    expect(first).toMatchObject({ ok: true, token: { subject: "join:1", payload: { decision: "accept" } } });
    expect(checkToken(db, secrets, value, "unsubscribe")).toEqual({ ok: false, reason: "invalid" });
    expect(consumeToken(db, first.ok ? first.token.id : "")).toBe(true);
    expect(consumeToken(db, first.ok ? first.token.id : "")).toBe(false);
    expect(checkToken(db, secrets, value, "decide")).toEqual({ ok: false, reason: "used" });
  });

  it("refuses tampered and expired tokens", () => {
    const value = issueToken(db, secrets[0]!, { purpose: "decide", subject: "x", ttlMs: 1_000, now: new Date("2026-01-01T00:00:00Z") });
    expect(checkToken(db, secrets, tamper(value), "decide", new Date("2026-01-01T00:00:00Z"))).toEqual({ ok: false, reason: "invalid" });
    expect(checkToken(db, ["another-secret-entirely-here"], value, "decide", new Date("2026-01-01T00:00:00Z"))).toEqual({ ok: false, reason: "invalid" });
    expect(checkToken(db, secrets, "garbage", "decide")).toEqual({ ok: false, reason: "invalid" });
    expect(checkToken(db, secrets, value, "decide", new Date("2026-01-01T00:00:02Z"))).toEqual({ ok: false, reason: "expired" });
  });
});
