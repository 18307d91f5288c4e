/**
 * RULE_VERSION means something: it names one routing table. The table is
 * worked out here from the rules themselves (criteria, matching and their
 * numbers) over every combination of answers and the fixture groups, and its
 * fingerprint is recorded in machines/rule-versions.ts under the version. A
 * change to the rules that gives anyone a different outcome, list of groups
 * or suggested change fails this test until RULE_VERSION is bumped and the new
 * fingerprint recorded; saved wizard snapshots from the older version are
 * then replayed from their answers (app/eligibility/upgrade.server.ts).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { COUNTRY, DISTANCE_KM, EXPERIENCE, FORMAT, PRACTICE, SUPERVISION, type Answers } from "./answers";
import { CRITERIA, decide, RULE_VERSION } from "./criteria";
import { LOCATION_RULES, MATCHED_STATUSES, NEAR_ZONE_HOURS, suitability } from "./matching";
import { RULE_FINGERPRINTS } from "./rule-versions";
import { BRISBANE, factsFor, FITZROY, G, GROUP_SET_NAMES, RICHMOND_CHCH, RICHMOND_TASMAN } from "./test-fixtures";

const AREAS = [BRISBANE, FITZROY, RICHMOND_TASMAN, RICHMOND_CHCH];

/** Every row of the routing table over the fixtures, as plain data. */
function routingTable(): unknown[] {
  const rows: unknown[] = [
    CRITERIA.map((c) => [c.id, c.step, c.reason, c.outcome]),
    LOCATION_RULES,
    { NEAR_ZONE_HOURS, MATCHED_STATUSES },
  ];
  for (const experience of EXPERIENCE)
    for (const practice of PRACTICE)
      for (const supervision of SUPERVISION)
        for (const country of COUNTRY)
          for (const format of FORMAT)
            for (const distanceKm of [undefined, ...DISTANCE_KM])
              for (const area of country === "other" ? [null] : AREAS.filter((a) => a.country === country))
                for (const set of GROUP_SET_NAMES) {
                  const answers: Answers = { experience, practice, supervision, hopes: [], country, place: "x", format, distanceKm };
                  const d = decide(answers, area, factsFor(set, area));
                  rows.push([answers, area?.id ?? null, set, d.outcome, d.reasons, d.decidedBy, d.groups.map((g) => [g.slug, g.how, g.status, g.km === null ? null : Math.round(g.km * 10) / 10])]);
                }
  for (const country of COUNTRY)
    for (const format of FORMAT)
      for (const distanceKm of [undefined, ...DISTANCE_KM])
        for (const area of country === "other" ? [null] : AREAS.filter((a) => a.country === country))
          for (const g of Object.values(G)) rows.push([country, format, distanceKm ?? null, area?.id ?? null, g.slug, suitability({ country, format, distanceKm }, area, g)]);
  return rows;
}

const fingerprint = () => createHash("sha256").update(JSON.stringify(routingTable())).digest("hex");

describe("RULE_VERSION", () => {
  it("names the routing table the rules give now (bump it, and record the new fingerprint, when they change)", () => {
    const now = fingerprint();
    expect(
      RULE_FINGERPRINTS[RULE_VERSION],
      `The routing table's fingerprint is now ${now}. If you changed the rules on purpose, set a new RULE_VERSION in machines/criteria.ts and add "<version>": "${now}" to machines/rule-versions.ts.`,
    ).toBe(now);
  });

  it("each recorded version names a different table", () => {
    const prints = Object.values(RULE_FINGERPRINTS);
    expect(new Set(prints).size).toBe(prints.length);
  });
});
