/**
 * The Find a group map, drawn on the server: Australian state and NZ region
 * borders from our own TopoJSON (app/map/regions.topo.json, built from
 * Natural Earth by scripts/map-data.ts), projected with d3-geo. The land
 * and borders never change, so they are projected once and kept as SVG
 * path data; only the pins are placed per request. No map code reaches the
 * browser.
 */
import { geoConicEqualArea, geoPath, type GeoProjection } from "d3-geo";
import type { GeometryCollection, Topology } from "topojson-specification";
import { feature, merge, mesh } from "topojson-client";
import { MAP_WIDTH, PIN_RADIUS, PIN_SEPARATION } from "./constants";
import regionsTopo from "./regions.topo.json";

export { MAP_WIDTH, PIN_RADIUS, PIN_SEPARATION };
const PADDING = 16;

type RegionProps = { country: "AU" | "NZ" };
const topology = regionsTopo as unknown as Topology<{ regions: GeometryCollection<RegionProps> }>;

export interface StaticMap {
  width: number;
  height: number;
  /** Land, one path per country. */
  land: { country: "AU" | "NZ"; d: string }[];
  /** State and region borders (shared edges only), one path. */
  borders: string;
  /** Where a country's name is written. */
  labels: { country: "AU" | "NZ"; anchor: "middle" | "end"; x: number; y: number }[];
  project(lon: number, lat: number): [number, number] | null;
  /** One region's outline, for highlighting the chosen filter. */
  region(id: string): string | null;
}

let cached: StaticMap | null = null;

const round1 = (n: number) => Math.round(n * 10) / 10;

function build(): StaticMap {
  const regions = topology.objects.regions;
  const all = feature(topology, regions);
  const projection: GeoProjection = geoConicEqualArea().parallels([-18, -36]).rotate([-146, 0]);
  projection.fitWidth(MAP_WIDTH - 2 * PADDING, all);
  const [[, y0], [, y1]] = geoPath(projection).bounds(all);
  const [tx, ty] = projection.translate();
  projection.translate([tx + PADDING, ty - y0 + PADDING]);
  const height = Math.ceil(y1 - y0 + 2 * PADDING);
  const path = geoPath(projection).digits(1);

  const land = (["AU", "NZ"] as const).map((country) => ({
    country,
    d: path(merge(topology, regions.geometries.filter((g) => (g.properties as RegionProps | undefined)?.country === country) as Parameters<typeof merge>[1])) ?? "",
  }));
  const borders = path(mesh(topology, regions, (a, b) => a !== b)) ?? "";
  const project = (lon: number, lat: number): [number, number] | null => {
    const p = projection([lon, lat]);
    return p ? [round1(p[0]), round1(p[1])] : null;
  };
  const regionPaths = new Map<string, string>();
  return {
    width: MAP_WIDTH,
    height,
    land,
    borders,
    labels: [
      { country: "AU", anchor: "middle", ...xy(project(134, -25)) },
      // In the open sea north of Northland, flush with the right edge.
      { country: "NZ", anchor: "end", x: MAP_WIDTH - PADDING, y: round1(xy(project(174, -33.5)).y - 14) },
    ],
    project,
    region(id) {
      if (!regionPaths.has(id)) {
        const g = regions.geometries.find((r) => r.id === id);
        regionPaths.set(id, g ? (path(feature(topology, g)) ?? "") : "");
      }
      return regionPaths.get(id) || null;
    },
  };
}

function xy(p: [number, number] | null) {
  return { x: p?.[0] ?? 0, y: p?.[1] ?? 0 };
}

/** The projected land and borders, computed on first use and kept. */
export function staticMap(): StaticMap {
  cached ??= build();
  return cached;
}

export interface PinInput {
  slug: string;
  name: string;
  status: string;
  lat: number;
  lon: number;
}

export interface MapPin {
  slug: string;
  name: string;
  status: string;
  /** Where the pin is drawn. */
  x: number;
  y: number;
  /** Where the group really is, when the pin had to move aside to stay clear of another. */
  anchor: { x: number; y: number } | null;
}

/**
 * Places a pin per group at its projected position, then nudges pins apart
 * until no two are closer than PIN_SEPARATION, so each stays a 24 px target
 * of its own; a moved pin keeps a line back to its true place.
 */
export function layoutPins(groups: readonly PinInput[], map: StaticMap = staticMap()): MapPin[] {
  const pins = groups
    .map((g) => {
      const p = map.project(g.lon, g.lat);
      return p ? { g, x: p[0], y: p[1], ox: p[0], oy: p[1] } : null;
    })
    .filter((p) => p !== null)
    .sort((a, b) => a.g.slug.localeCompare(b.g.slug));
  for (let iteration = 0; iteration < 200; iteration++) {
    let moved = false;
    for (let i = 0; i < pins.length; i++) {
      for (let j = i + 1; j < pins.length; j++) {
        const a = pins[i]!;
        const b = pins[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= PIN_SEPARATION) continue;
        if (d < 0.01) {
          // Same place: fan out deterministically.
          const angle = (j * 2.399963) % (2 * Math.PI);
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (PIN_SEPARATION - d) / 2 + 0.05;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of pins) {
      p.x = Math.min(map.width - PIN_RADIUS - 1, Math.max(PIN_RADIUS + 1, p.x));
      p.y = Math.min(map.height - PIN_RADIUS - 1, Math.max(PIN_RADIUS + 1, p.y));
    }
    if (!moved) break;
  }
  return pins.map((p) => {
    const x = round1(p.x);
    const y = round1(p.y);
    // A leader line only helps when it shows beyond the pin's dot.
    const movedAside = Math.hypot(x - p.ox, y - p.oy) > PIN_RADIUS - 4;
    return { slug: p.g.slug, name: p.g.name, status: p.g.status, x, y, anchor: movedAside ? { x: p.ox, y: p.oy } : null };
  });
}
