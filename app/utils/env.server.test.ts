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
});
