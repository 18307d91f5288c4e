/**
 * The matching rules one by one (docs/rules.md). Whole decisions over every
 * path are in eligibility.test.ts; these pin the pieces: suitability and the
 * one change that would make a group suit, time zones, the waiting list.
 */
import { describe, expect, it } from "vitest";
import type { Answers } from "./answers";
import {
  distanceReaching,
  inNearZone,
  matchLocation,
  qualifiesForWaitingList,
  suitability,
  waitingListMatch,
  type CandidateGroup,
} from "./matching";
import { areaLabel, greatCircleKm } from "./places";
import { BRISBANE, factsFor, G, RICHMOND_TASMAN } from "./test-fixtures";

const at = (a: Pick<Answers, "country" | "format" | "distanceKm">) => a;

describe("greatCircleKm and areaLabel", () => {
  it("measures on the mean Earth radius and is symmetric", () => {
    // Melbourne GPO to Sydney GPO: about 714 km.
    const mel = { lat: -37.8136, lon: 144.9631 };
    const syd = { lat: -33.8688, lon: 151.2093 };
    expect(greatCircleKm(mel, syd)).toBeCloseTo(713.8, 0);
    expect(greatCircleKm(syd, mel)).toBe(greatCircleKm(mel, syd));
    expect(greatCircleKm(mel, mel)).toBe(0);
  });

  it("writes an area one way everywhere", () => {
    expect(areaLabel(BRISBANE)).toBe("Brisbane City, QLD 4000");
    expect(areaLabel({ name: "Richmond", region: "Tasman", postcode: null, country: "NZ" })).toBe("Richmond, Tasman, NZ");
    expect(areaLabel({ name: "Te Aro", region: "Wellington", postcode: "6011", country: "NZ" })).toBe("Te Aro, Wellington 6011, NZ");
  });
});

describe("suitability", () => {
  it("in person within the distance, for in-person and hybrid groups", () => {
    expect(suitability(at({ country: "AU", format: "in_person", distanceKm: 10 }), BRISBANE, G.westEnd)).toMatchObject({ suits: true, how: "in_person" });
    expect(suitability(at({ country: "AU", format: "in_person", distanceKm: 25 }), BRISBANE, G.logan)).toMatchObject({ suits: true, how: "in_person" });
  });

  it("online for people who accept online, for online and hybrid groups, wherever they live", () => {
    expect(suitability(at({ country: "other", format: "online" }), null, G.nzEvenings)).toMatchObject({ suits: true, how: "online", km: null });
    expect(suitability(at({ country: "AU", format: "either", distanceKm: 10 }), BRISBANE, G.fitzroyHybrid)).toMatchObject({ suits: true, how: "online" });
  });

  it("forming and closed groups never suit, and no change would make them", () => {
    for (const g of [G.formingBrisbane, G.closedOnline]) {
      expect(suitability(at({ country: "AU", format: "either", distanceKm: 100 }), BRISBANE, g)).toMatchObject({ suits: false, why: "not_taking_requests", change: null });
    }
  });

  it.each([
    // [answers, area, group, why, change]
    [at({ country: "AU", format: "in_person", distanceKm: 10 }), BRISBANE, G.logan, "beyond_distance", { distanceKm: 25 }],
    [at({ country: "AU", format: "in_person", distanceKm: 25 }), BRISBANE, G.goldCoast, "beyond_distance", { distanceKm: 100 }],
    [at({ country: "AU", format: "in_person", distanceKm: 25 }), BRISBANE, G.nzEvenings, "meets_online", { format: "either" }],
    [at({ country: "other", format: "in_person" }), null, G.nzEvenings, "meets_online", { format: "either" }],
    [at({ country: "AU", format: "online" }), BRISBANE, G.westEnd, "meets_in_person", { format: "either", distanceKm: 10 }],
    [at({ country: "AU", format: "online" }), BRISBANE, G.logan, "meets_in_person", { format: "either", distanceKm: 25 }],
    [at({ country: "AU", format: "in_person", distanceKm: 100 }), BRISBANE, G.richmondTasman, "too_far", null],
    [at({ country: "other", format: "in_person" }), null, G.westEnd, "too_far", null],
    [at({ country: "other", format: "in_person" }), null, G.fitzroyHybrid, "too_far", { format: "either" }],
    [at({ country: "AU", format: "in_person", distanceKm: 100 }), BRISBANE, G.fitzroyHybrid, "too_far", { format: "either" }],
  ] as const)("%o at %o, %o: %s, change %o", (answers, area, g, why, change) => {
    const s = suitability(answers, area, g as CandidateGroup);
    expect(s).toMatchObject({ suits: false, why, change });
    // The suggested change does make the group suit.
    if (change) expect(suitability({ ...answers, ...change }, area, g as CandidateGroup).suits).toBe(true);
  });

  it("the distance that reaches a group is the smallest the wizard offers", () => {
    expect([0, 10, 10.1, 25, 49, 100, 100.5].map(distanceReaching)).toEqual([10, 10, 25, 25, 50, 100, undefined]);
  });
});

describe("time zones near theirs", () => {
  it("within 3 hours either way; any zone when theirs is unknown", () => {
    const near = (g: CandidateGroup, offset: number | null) => inNearZone(g, { groups: [], viewerUtcOffsetMinutes: offset });
    expect(near(G.perthOnline, 600)).toBe(true); // 2 h
    expect(near(G.nzEvenings, 600)).toBe(true); // 2 h
    expect(near(G.perthOnline, 720)).toBe(false); // 4 h
    expect(near(G.londonOnline, 600)).toBe(false);
    expect(near(G.londonOnline, null)).toBe(true);
  });
});

describe("matchLocation", () => {
  it("lists open groups before full ones, in person before online", () => {
    const d = matchLocation({ country: "AU", place: "4000", format: "either", distanceKm: 25 }, BRISBANE, factsFor("all", BRISBANE));
    expect(d.reasons).toEqual(["match"]);
    expect(d.groups.map((g) => [g.slug, g.how, g.status])).toEqual([
      ["west-end", "in_person", "open"],
      ["nz-evenings", "online", "open"],
      ["london-online", "online", "open"],
      ["logan", "in_person", "full"],
      ["fitzroy-hybrid", "online", "full"],
      ["perth-online", "online", "full"],
    ]);
  });

  it("a full nearest group is not a match: its waiting list, then online groups in a zone near theirs", () => {
    const d = matchLocation({ country: "NZ", place: "Richmond", format: "in_person", distanceKm: 25 }, RICHMOND_TASMAN, factsFor("fullOnly", RICHMOND_TASMAN));
    expect(d).toMatchObject({ outcome: "group", reasons: ["group_full"] });
    // Perth is 4 hours from New Zealand: not offered.
    expect(d.groups.map((g) => g.slug)).toEqual(["nelson", "fitzroy-hybrid"]);
  });
});

describe("the waiting list", () => {
  const base = { interests: ["new_groups"], reasons: ["no_group_nearby"], lat: -37.77, lon: 144.96, distanceKm: 25, acceptsOnline: false };
  it("is for people who fit, asked for new groups and told us where", () => {
    expect(qualifiesForWaitingList(base)).toBe(true);
    expect(qualifiesForWaitingList({ ...base, interests: ["training_events"] })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, reasons: ["not_practising"] })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, reasons: ["match"] })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, lat: null, lon: null, distanceKm: null })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, reasons: ["outside_region"], lat: null, lon: null, distanceKm: null, acceptsOnline: true })).toBe(true);
  });

  it("a new group suits them in person within their distance, else online if they accept it", () => {
    const s = { lat: BRISBANE.lat, lon: BRISBANE.lon, distanceKm: 25, acceptsOnline: true };
    expect(waitingListMatch(s, G.logan)).toMatchObject({ how: "in_person" });
    expect(waitingListMatch(s, G.goldCoast)).toBeNull();
    expect(waitingListMatch(s, G.fitzroyHybrid)).toEqual({ how: "online", km: null });
    expect(waitingListMatch({ ...s, acceptsOnline: false }, G.nzEvenings)).toBeNull();
  });
});
