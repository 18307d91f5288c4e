/**
 * Where people wait, clustered: single linkage, so two people are in one
 * cluster when a chain of people, each within `km` of the next, joins them
 * (everyone within 50 km of someone else in it). Pure.
 *
 * A grid of cells at least `km` across in both directions means any two
 * people within `km` of each other are in the same or neighbouring cells, so
 * each person is compared only with the people of 9 cells, and pairs already
 * in one cluster (union-find) are not compared at all: 10,000 people take a
 * few milliseconds instead of the 50 million comparisons of every pair.
 */
import { distanceKm } from "../../db/geo";

export interface Point {
  lat: number;
  lon: number;
}

/** The radius behind every distance here, as db/geo.ts uses it. */
const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/** Groups of indices into `points`: largest first, then by their first index. Every point is in exactly one group. */
export function clusterPoints(points: readonly Point[], km = 50): number[][] {
  const n = points.length;
  if (n === 0) return [];
  const uf = new UnionFind(n);
  // A cell is `km` tall (a degree of latitude is R·π/180 km on the sphere)...
  const cellLat = km / (EARTH_RADIUS_KM * DEG);
  // ...and wide enough at the most poleward latitude here that two points
  // within `km` are never more than one column apart:
  // hav(d/R) ≥ cos φ1 cos φ2 hav(Δλ), so sin(Δλ/2) ≤ sin(d/2R) / cos φmax.
  let maxAbsLat = 0;
  for (const p of points) maxAbsLat = Math.max(maxAbsLat, Math.abs(p.lat));
  const cosMax = Math.cos(Math.min(89.9, maxAbsLat) * DEG);
  const ratio = Math.sin(km / (2 * EARTH_RADIUS_KM)) / cosMax;
  const minWidth = ratio >= 1 ? 360 : (2 * Math.asin(ratio)) / DEG;
  // Whole columns around the globe, so that the last meets the first across the antimeridian.
  const columns = Math.max(1, Math.floor(360 / minWidth));
  const cellLon = 360 / columns;

  const cells = new Map<number, number[]>();
  const rowOf = new Int32Array(n);
  const colOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    const row = Math.floor((p.lat + 90) / cellLat);
    const col = Math.floor((((p.lon % 360) + 360) % 360) / cellLon) % columns;
    rowOf[i] = row;
    colOf[i] = col;
    const key = row * columns + col;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
  }

  const link = (i: number, j: number) => {
    if (uf.find(i) === uf.find(j)) return;
    if (distanceKm(points[i]!, points[j]!) <= km) uf.union(i, j);
  };
  // Each pair of neighbouring cells once: the cell itself, then half of its 8 neighbours.
  // (With one or two columns round the globe some of these are the same cell: `seen` skips repeats.)
  const HALF = [[0, 1], [1, -1], [1, 0], [1, 1]] as const;
  for (const [key, members] of cells) {
    for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) link(members[a]!, members[b]!);
    const row = rowOf[members[0]!]!;
    const col = colOf[members[0]!]!;
    const seen: number[] = [key];
    for (const [dr, dc] of HALF) {
      const other = (row + dr) * columns + ((((col + dc) % columns) + columns) % columns);
      if (seen.includes(other)) continue;
      seen.push(other);
      const them = cells.get(other);
      if (!them) continue;
      for (const i of members) for (const j of them) link(i, j);
    }
  }

  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const group = byRoot.get(r);
    if (group) group.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** The naive way, for tests and the bench: every pair compared. */
export function clusterPointsNaive(points: readonly Point[], km = 50): number[][] {
  const n = points.length;
  const uf = new UnionFind(n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (distanceKm(points[i]!, points[j]!) <= km) uf.union(i, j);
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const group = byRoot.get(r);
    if (group) group.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** The middle of some points: their mean, with longitudes taken round the antimeridian the short way. */
export function centreOf(points: readonly Point[]): Point {
  let lat = 0;
  let lon = 0;
  const ref = points[0]?.lon ?? 0;
  for (const p of points) {
    lat += p.lat;
    let d = p.lon - ref;
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    lon += ref + d;
  }
  const n = Math.max(1, points.length);
  let mean = lon / n;
  if (mean > 180) mean -= 360;
  if (mean < -180) mean += 360;
  return { lat: lat / n, lon: mean };
}
