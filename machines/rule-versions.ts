/**
 * RULE_VERSION → the fingerprint of the routing table it stands for
 * (machines/rule-version.test.ts). Add a line when you bump RULE_VERSION;
 * never change a recorded one. Versions before 2026-12.1 had no fingerprint.
 */
export const RULE_FINGERPRINTS: Readonly<Record<string, string>> = {
  "2026-12.1": "31ca89c3537907a68bc7aef220ab6b2e095641f55ec67ce6d2f4a37e6a202228",
};
