import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("has working defaults for a fresh machine", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATABASE_PATH: "./data/pwcop.db", SEED_DEMO_DATA: true, NODE_ENV: "development" });
  });

  it("explains every bad value", () => {
    expect(() => parseEnv({ PORT: "eighty", SESSION_SECRET: "short" })).toThrow(/PORT[\s\S]*SESSION_SECRET/);
  });

  it("reads TRUST_PROXY as Express's trust proxy: false, true, a hop count, or addresses", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toBe("loopback, 10.0.0.0/8");
    expect(() => parseEnv({ TRUST_PROXY: "every proxy" })).toThrow(/TRUST_PROXY/);
  });
});
