import { describe, expect, it } from "vitest";
import { checkStableToken, stableToken } from "./tokens";

const secrets = ["secret-one-that-is-long-enough"];

describe("stable tokens", () => {
  it("round-trip for their purpose only, with any current secret", () => {
    const t = stableToken(secrets[0]!, "newsletter-unsubscribe", "42");
    expect(t).toBe(stableToken(secrets[0]!, "newsletter-unsubscribe", "42"));
    expect(checkStableToken(secrets, t, "newsletter-unsubscribe")).toBe("42");
    expect(checkStableToken(["newer-secret-that-is-long-enough", ...secrets], t, "newsletter-unsubscribe")).toBe("42");
    expect(checkStableToken(secrets, t, "recheck-cancel")).toBeNull();
  });

  it("refuse tampering", () => {
    const t = stableToken(secrets[0]!, "newsletter-unsubscribe", "42");
    const [, sig] = t.split(".");
    expect(checkStableToken(secrets, `43.${sig}`, "newsletter-unsubscribe")).toBeNull();
    expect(checkStableToken(secrets, `${t}x`, "newsletter-unsubscribe")).toBeNull();
    expect(checkStableToken(secrets, `${t}.x`, "newsletter-unsubscribe")).toBeNull();
    expect(checkStableToken(["another-secret-entirely-here"], t, "newsletter-unsubscribe")).toBeNull();
    expect(checkStableToken(secrets, null, "newsletter-unsubscribe")).toBeNull();
    expect(() => stableToken(secrets[0]!, "p", "a.b")).toThrow();
  });
});
