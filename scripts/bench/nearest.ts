/**
 * Nearest-group lookup: postcode → place (findPlaces) → in-person groups
 * within 50 km (findGroupsNear, a bounding-box query then haversine), against
 * a naive full scan of every group in JavaScript, on the same data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "../../db/client";
import { findPlaces, loadGazetteer, randomPostcodes } from "../../db/gazetteer";
import { distanceKm } from "../../db/geo";
import { migrate } from "../../db/migrate";
import { findGroupsNear, insertGroup, type GroupFormat, type GroupStatus } from "../../db/queries/groups";
import { RhythmSchema } from "../../db/rhythm";
import type { Area } from "../../machines/answers";
import { seededRandom, summarize, type Summary } from "./stats";

export interface Variant {
  label: string;
  totalMs: number;
  /** Per lookup, in µs. */
  perLookup: Summary;
}

export interface NearestResult {
  groups: number;
  lookups: number;
  found: number;
  maxKm: number;
  meanMatches: number;
  identical: boolean;
  setupMs: number;
  variants: Variant[];
}

interface Row {
  id: number;
  name: string;
  status: string;
  format: string;
  lat: number | null;
  lon: number | null;
  rhythm: string;
}

const COLUMNS = "id, slug, name, suburb, region, country, lat, lon, format, status, capacity, rhythm, time_zone, convenor_first_name, is_demo";

/** The naive way: every group into JavaScript, haversine for each, then the same filters, parsing and order as findGroupsNear. */
function nearNaive(rows: readonly Row[], point: { lat: number; lon: number }, maxKm: number) {
  const out: { id: number; name: string; status: string; distanceKm: number; rhythm: unknown }[] = [];
  for (const r of rows) {
    if ((r.status !== "open" && r.status !== "full") || (r.format !== "in_person" && r.format !== "hybrid") || r.lat === null || r.lon === null) continue;
    const d = distanceKm(point, { lat: r.lat, lon: r.lon });
    if (d <= maxKm) out.push({ id: r.id, name: r.name, status: r.status, distanceKm: d, rhythm: RhythmSchema.parse(JSON.parse(r.rhythm)) });
  }
  const rank = (s: string) => (s === "open" ? 0 : 1);
  return out.sort((a, b) => rank(a.status) - rank(b.status) || a.distanceKm - b.distanceKm || a.name.localeCompare(b.name));
}

function insertRandomGroups(db: DB, n: number, random: () => number) {
  const places = db.prepare("SELECT country, name, region, lat, lon FROM places ORDER BY id").all() as {
    country: "AU" | "NZ";
    name: string;
    region: string;
    lat: number;
    lon: number;
  }[];
  const au = places.filter((p) => p.country === "AU");
  const nz = places.filter((p) => p.country === "NZ");
  const formats: GroupFormat[] = ["in_person", "hybrid"];
  const statuses: GroupStatus[] = ["open", "full"];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const list = random() < 0.15 ? nz : au;
      const p = list[Math.floor(random() * list.length)]!;
      insertGroup(db, {
        slug: `bench-${i}`,
        name: `Bench group ${i}`,
        suburb: p.name,
        region: p.region,
        country: p.country,
        // Within about 2 km of the place.
        lat: p.lat + (random() - 0.5) * 0.036,
        lon: p.lon + (random() - 0.5) * 0.036,
        format: formats[Math.floor(random() * formats.length)]!,
        status: statuses[Math.floor(random() * statuses.length)]!,
        capacity: 12,
        rhythm: { frequency: "monthly", weekday: 2, week: 2, start: "19:00", end: "21:00" },
        timeZone: p.country === "NZ" ? "Pacific/Auckland" : "Australia/Sydney",
        convenorFirstName: "Bench",
        convenorEmail: `bench${i}@example.org`,
      });
    }
  })();
}

function time<T>(items: readonly T[], fn: (item: T) => unknown): { totalMs: number; perLookup: Summary } {
  const each: number[] = new Array(items.length);
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const s = performance.now();
    fn(items[i]!);
    each[i] = (performance.now() - s) * 1000;
  }
  return { totalMs: performance.now() - t0, perLookup: summarize(each) };
}

export function nearestBench(opts: { groups: number; lookups: number; maxKm: number; seed: number }): NearestResult {
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bench-geo-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  try {
    const t0 = performance.now();
    migrate(db);
    loadGazetteer(db);
    insertRandomGroups(db, opts.groups, seededRandom(opts.seed));
    const setupMs = performance.now() - t0;
    const postcodes = randomPostcodes(db, opts.lookups, opts.seed);
    const place = (pc: { country: "AU" | "NZ"; postcode: string }): Area | undefined => findPlaces(db, pc.country, pc.postcode)[0];
    const allRows = () => db.prepare(`SELECT ${COLUMNS} FROM groups`).all() as Row[];
    const preloaded = allRows();

    const indexed = (pc: (typeof postcodes)[number]) => {
      const area = place(pc);
      return area ? findGroupsNear(db, area, opts.maxKm) : [];
    };
    const naive = (pc: (typeof postcodes)[number]) => {
      const area = place(pc);
      return area ? nearNaive(allRows(), area, opts.maxKm) : [];
    };
    const inMemory = (pc: (typeof postcodes)[number]) => {
      const area = place(pc);
      return area ? nearNaive(preloaded, area, opts.maxKm) : [];
    };

    // Same answers, in the same order?
    let identical = true;
    let matches = 0;
    let found = 0;
    for (const pc of postcodes) {
      if (place(pc)) found++;
      const a = indexed(pc).map((g) => g.id);
      const b = naive(pc).map((g) => g.id);
      matches += a.length;
      if (a.length !== b.length || a.some((id, i) => id !== b[i])) identical = false;
    }

    // Warm up every variant, then time each over the same postcodes.
    const warm = postcodes.slice(0, Math.min(200, postcodes.length));
    for (const fn of [place, indexed, naive, inMemory]) for (const pc of warm) fn(pc);
    const variants: Variant[] = [
      { label: "findPlaces + findGroupsNear (bounding box in SQL)", ...time(postcodes, indexed) },
      { label: "findPlaces + naive scan (SELECT all, haversine each)", ...time(postcodes, naive) },
      { label: "findPlaces + scan of groups preloaded in memory", ...time(postcodes, inMemory) },
      { label: "findPlaces alone", ...time(postcodes, place) },
    ];
    return {
      groups: opts.groups,
      lookups: postcodes.length,
      found,
      maxKm: opts.maxKm,
      meanMatches: matches / postcodes.length,
      identical,
      setupMs,
      variants,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
