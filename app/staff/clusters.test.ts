import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { greatCircleKm as distanceKm } from "../../machines/places";
import { centreOf, clusterPoints, clusterPointsNaive, type Point } from "./clusters";

/** A point `km` east of `p` along its parallel (near enough for tens of km). */
const east = (p: Point, km: number): Point => ({ lat: p.lat, lon: p.lon + km / (111.195 * Math.cos((p.lat * Math.PI) / 180)) });
const north = (p: Point, km: number): Point => ({ lat: p.lat + km / 111.195, lon: p.lon });

const BALLARAT = { lat: -37.5622, lon: 143.8503 };
const HOBART = { lat: -42.8821, lon: 147.3272 };
const SYDNEY = { lat: -33.8688, lon: 151.2093 };
const AUCKLAND = { lat: -36.8485, lon: 174.7633 };
const INVERCARGILL = { lat: -46.4132, lon: 168.3538 };

const sorted = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe("clusterPoints", () => {
  it("nobody, one person, two people apart", () => {
    expect(clusterPoints([])).toEqual([]);
    expect(clusterPoints([BALLARAT])).toEqual([[0]]);
    expect(clusterPoints([BALLARAT, HOBART])).toEqual([[0], [1]]);
  });

  it("joins people within 50 km and not beyond", () => {
    const near = east(BALLARAT, 49);
    const far = east(BALLARAT, 51);
    expect(distanceKm(BALLARAT, near)).toBeLessThanOrEqual(50);
    expect(distanceKm(BALLARAT, far)).toBeGreaterThan(50);
    expect(clusterPoints([BALLARAT, near])).toEqual([[0, 1]]);
    expect(clusterPoints([BALLARAT, far])).toEqual([[0], [1]]);
    expect(clusterPoints([BALLARAT, north(BALLARAT, 49.9)])).toEqual([[0, 1]]);
    expect(clusterPoints([BALLARAT, north(BALLARAT, 50.1)])).toEqual([[0], [1]]);
  });

  it("a chain of people each within 50 km of the next is one cluster, however long", () => {
    // Ten people 45 km apart along a parallel: 405 km end to end.
    const chain = Array.from({ length: 10 }, (_, i) => east(BALLARAT, 45 * i));
    expect(distanceKm(chain[0]!, chain[9]!)).toBeGreaterThan(400);
    // Shuffled, so the chain is not found in order.
    const order = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4];
    const groups = clusterPoints(order.map((i) => chain[i]!));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(10);
    // Take out one link and it breaks in two.
    const broken = chain.filter((_, i) => i !== 4);
    expect(clusterPoints(broken).map((g) => g.length)).toEqual([5, 4]);
  });

  it("people across the Tasman are never joined, nor people in Hobart and Sydney", () => {
    const points = [SYDNEY, east(SYDNEY, 20), AUCKLAND, east(AUCKLAND, 10), north(AUCKLAND, 30), HOBART, INVERCARGILL];
    expect(sorted(clusterPoints(points))).toEqual([[0, 1], [2, 3, 4], [5], [6]]);
  });

  it("largest cluster first, then by first index", () => {
    const points = [HOBART, SYDNEY, east(SYDNEY, 5), AUCKLAND, east(AUCKLAND, 5)];
    expect(clusterPoints(points)).toEqual([[1, 2], [3, 4], [0]]);
  });

  it("joins people across the antimeridian (the Chatham Islands sit east of it)", () => {
    const west = { lat: -44.0, lon: 179.9 };
    const eastOfIt = { lat: -44.0, lon: -179.9 };
    expect(distanceKm(west, eastOfIt)).toBeLessThan(20);
    expect(clusterPoints([west, eastOfIt])).toEqual([[0, 1]]);
  });

  it("finds exactly the clusters that comparing every pair finds (random people in Australia and New Zealand)", () => {
    const point = fc.record({
      lat: fc.double({ min: -47, max: -10, noNaN: true }),
      lon: fc.double({ min: 113, max: 179, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 120 }), fc.integer({ min: 5, max: 400 }), (points, km) => {
        expect(sorted(clusterPoints(points, km))).toEqual(sorted(clusterPointsNaive(points, km)));
      }),
      { numRuns: 150 },
    );
  });

  it("crowded places: many people in a few cells", () => {
    const points: Point[] = [];
    for (let i = 0; i < 300; i++) points.push(east(north(SYDNEY, (i % 17) * 0.5), (i % 13) * 0.7));
    for (let i = 0; i < 50; i++) points.push(east(HOBART, i * 0.1));
    expect(clusterPoints(points).map((g) => g.length)).toEqual([300, 50]);
  });
});

describe("centreOf", () => {
  it("is the mean, taken the short way round the antimeridian", () => {
    expect(centreOf([{ lat: -10, lon: 140 }, { lat: -20, lon: 150 }])).toEqual({ lat: -15, lon: 145 });
    const c = centreOf([{ lat: -44, lon: 179 }, { lat: -44, lon: -179 }]);
    expect(c.lat).toBe(-44);
    expect(Math.abs(Math.abs(c.lon) - 180)).toBeLessThan(1e-9);
  });
});
