/**
 * Where people wait, clustered: single linkage, so two people are in one
 * cluster when a chain of people, each within `km` of the next, joins them
 * (everyone within 50 km of someone else in it). Pure.
 *
 * A grid of cells small enough that everyone in a cell is within `km` of
 * everyone else in it: each cell is one cluster to begin with, at no cost.
 * Two cells within reach of each other are joined (union-find) as soon as one
 * pair of their people is within `km`, and cells already in one cluster are
 * never compared: 10,000 people take milliseconds instead of the 50 million
 * comparisons of every pair.
 */
import { EARTH_RADIUS_KM, greatCircleKm as distanceKm } from "../../machines/places";

export interface Point {
  lat: number;
  lon: number;
}

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
  // Cells `side` degrees square. Within a cell two points are never more than
  // km apart (along the meridian, then along the parallel: at most
  // R·(Δφ + Δλ) < 2·R·side), so a cell is joined without measuring anything.
  const kmPerDegree = EARTH_RADIUS_KM * DEG;
  const columns = Math.ceil(360 / (km / (2 * kmPerDegree)));
  const side = 360 / columns;
  // How many cells away a point within km can be: along a meridian km of
  // latitude; along a parallel at most Δλ with sin(Δλ/2) ≤ sin(km/2R) / cos φ,
  // at the most poleward latitude here (hav(d/R) ≥ cos φ1 cos φ2 hav(Δλ)).
  let maxAbsLat = 0;
  for (const p of points) maxAbsLat = Math.max(maxAbsLat, Math.abs(p.lat));
  const ratio = Math.sin(km / (2 * EARTH_RADIUS_KM)) / Math.cos(Math.min(89.9, maxAbsLat) * DEG);
  const reachLon = ratio >= 1 ? 180 : (2 * Math.asin(ratio)) / DEG;
  const rowReach = Math.ceil(km / kmPerDegree / side);
  const colReach = Math.min(Math.ceil(columns / 2), Math.ceil(reachLon / side));

  const cells = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    const row = Math.floor((p.lat + 90) / side);
    const col = Math.floor((((p.lon % 360) + 360) % 360) / side) % columns;
    const key = row * columns + col;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
  }
  for (const members of cells.values()) for (let a = 1; a < members.length; a++) uf.union(members[0]!, members[a]!);

  /** Joins two cells if any two of their people are within km; nothing to do once they are one cluster. */
  const linkCells = (a: number[], b: number[]) => {
    if (uf.find(a[0]!) === uf.find(b[0]!)) return;
    for (const i of a) {
      for (const j of b) {
        if (distanceKm(points[i]!, points[j]!) <= km) {
          uf.union(i, j);
          return;
        }
      }
    }
  };
  // Each pair of cells within reach once (half the window around each cell),
  // nearest first: in a crowded area neighbours join first, and farther pairs
  // are then skipped as already one cluster.
  const offsets: [number, number][] = [];
  for (let dr = 0; dr <= rowReach; dr++) {
    for (let dc = -colReach; dc <= colReach; dc++) if (dr > 0 || dc > 0) offsets.push([dr, dc]);
  }
  offsets.sort((x, y) => Math.max(Math.abs(x[0]), Math.abs(x[1])) - Math.max(Math.abs(y[0]), Math.abs(y[1])));
  const keys = [...cells.keys()];
  for (const [dr, dc] of offsets) {
    for (const key of keys) {
      const row = Math.floor(key / columns);
      const col = key - row * columns;
      const other = (row + dr) * columns + ((((col + dc) % columns) + columns) % columns);
      if (other === key) continue;
      const them = cells.get(other);
      if (them) linkCells(cells.get(key)!, them);
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
