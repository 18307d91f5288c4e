/**
 * The Find a group map, drawn on the server: Australian state and NZ region
 * borders from our own TopoJSON (app/map/regions.topo.json, built from
 * Natural Earth by scripts/map-data.ts), projected with d3-geo. The land
 * and borders never change, so they are projected once and kept as SVG
 * path data. Each request gets a view of them (all of Australia and New
 * Zealand, or zoomed to a searched place or a chosen region) with its pins
 * and the searched place placed in it. No map code reaches the browser.
 *
 * The map is drawn at the width of its column, so pins are HTML links laid
 * over the drawing at percentages of its size, 26 CSS px whatever the scale.
 * To stay apart at any width they are laid out twice (LAYOUT_WIDTHS), and
 * the page's CSS picks the layout that fits.
 */
import { geoConicEqualArea, geoPath, type GeoProjection } from "d3-geo";
import type { GeometryCollection, Topology } from "topojson-specification";
import { feature, merge, mesh } from "topojson-client";
import { LAYOUT_WIDTHS, MAP_WIDTH, MIN_VIEW_WIDTH, PIN_RADIUS, PIN_SEPARATION, type LayoutName } from "./constants";
import regionsTopo from "./regions.topo.json";

export { MAP_WIDTH, PIN_RADIUS, PIN_SEPARATION, LAYOUT_WIDTHS };
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
  /** Where a country's name is written: AU centred on the point, NZ's right edge and baseline at it. */
  labels: { country: "AU" | "NZ"; anchor: "middle" | "end"; x: number; y: number }[];
  project(lon: number, lat: number): [number, number] | null;
  /** One region's outline, for highlighting the chosen filter. */
  region(id: string): string | null;
  /** One region's bounding box in map units. */
  regionBounds(id: string): Box | null;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
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
  const regionPaths = new Map<string, { d: string; box: Box } | null>();
  const regionShape = (id: string) => {
    if (!regionPaths.has(id)) {
      const g = regions.geometries.find((r) => r.id === id);
      if (!g) regionPaths.set(id, null);
      else {
        const f = feature(topology, g);
        const [[bx0, by0], [bx1, by1]] = path.bounds(f);
        regionPaths.set(id, { d: path(f) ?? "", box: { x: bx0, y: by0, w: bx1 - bx0, h: by1 - by0 } });
      }
    }
    return regionPaths.get(id) ?? null;
  };
  return {
    width: MAP_WIDTH,
    height,
    land,
    borders,
    labels: [
      { country: "AU", anchor: "middle", ...xy(project(134, -25)) },
      // In the open sea north-west of Northland, flush with the right edge.
      { country: "NZ", anchor: "end", x: MAP_WIDTH - PADDING, y: round1(xy(project(174, -33.5)).y - 14) },
    ],
    project,
    region: (id) => regionShape(id)?.d || null,
    regionBounds: (id) => regionShape(id)?.box ?? null,
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

/** A point on the page's map, as percentages of its width and height. */
export interface MapPoint {
  left: number;
  top: number;
}

export interface Leader {
  /** Where the group really is, and where its pin is drawn, in SVG units. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface MapPin {
  slug: string;
  name: string;
  status: string;
  /** Where the pin is drawn in each layout. */
  at: Record<LayoutName, MapPoint>;
}

export interface MapView {
  /** The part of the map shown, in SVG units (the viewBox). */
  view: Box;
  /** Why it is zoomed, if it is. */
  zoom: "place" | "region" | null;
  land: StaticMap["land"];
  borders: string;
  highlight: string | null;
  /** Country names inside the view, positioned over it. */
  labels: { country: "AU" | "NZ"; anchor: "middle" | "end"; at: MapPoint }[];
  pins: MapPin[];
  /** Lines from a moved pin back to its group's place, per layout, with the size of the dot at the place. */
  leaders: Record<LayoutName, { dot: number; lines: Leader[] }>;
  /** The searched place, and which side of its marker its name goes so it stays on the map. */
  place: { at: MapPoint; side: "left" | "right" } | null;
}

const inside = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;

/**
 * A view with the map's proportions around `box`, with room around it, at
 * least MIN_VIEW_WIDTH across and inside the map; null when it would show
 * most of the map anyway.
 */
export function viewAround(box: Box, map: Pick<StaticMap, "width" | "height"> = staticMap()): Box | null {
  const aspect = map.width / map.height;
  const w = Math.max(box.w * 1.6, box.h * 1.6 * aspect, MIN_VIEW_WIDTH);
  if (w >= map.width * 0.8) return null;
  const h = w / aspect;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return { x: round1(clamp(cx - w / 2, 0, map.width - w)), y: round1(clamp(cy - h / 2, 0, map.height - h)), w: round1(w), h: round1(h) };
}

interface Placed {
  g: PinInput;
  x: number;
  y: number;
  ox: number;
  oy: number;
}

/**
 * Nudges pins apart until no two are closer than `separation` (SVG units),
 * keeping each inside `view`, so each stays a 24 px target of its own.
 */
function relax(start: readonly Placed[], view: Box, separation: number, radius: number): Placed[] {
  const pins = start.map((p) => ({ ...p }));
  for (let iteration = 0; iteration < 300; iteration++) {
    let moved = false;
    for (let i = 0; i < pins.length; i++) {
      for (let j = i + 1; j < pins.length; j++) {
        const a = pins[i]!;
        const b = pins[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= separation) continue;
        if (d < separation * 1e-4) {
          // Same place: fan out deterministically.
          const angle = (j * 2.399963) % (2 * Math.PI);
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (separation - d) / 2 + separation * 0.002;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of pins) {
      p.x = Math.min(view.x + view.w - radius, Math.max(view.x + radius, p.x));
      p.y = Math.min(view.y + view.h - radius, Math.max(view.y + radius, p.y));
    }
    if (!moved) break;
  }
  return pins;
}

export interface MapViewInput {
  pins: readonly PinInput[];
  /** A place searched for: the map zooms to it and its nearest group, and marks it. */
  place?: { lat: number; lon: number } | null;
  /** A state or region chosen: highlighted, and zoomed to when there is no place. */
  region?: string | null;
  /** Show all of Australia and New Zealand even with a search. */
  whole?: boolean;
}

/** Everything the page needs to draw the map for one request. */
export function mapView({ pins: groups, place, region, whole = false }: MapViewInput, map: StaticMap = staticMap()): MapView {
  const full: Box = { x: 0, y: 0, w: map.width, h: map.height };
  const placed: Placed[] = groups
    .map((g) => {
      const p = map.project(g.lon, g.lat);
      return p ? { g, x: p[0], y: p[1], ox: p[0], oy: p[1] } : null;
    })
    .filter((p) => p !== null)
    .sort((a, b) => a.g.slug.localeCompare(b.g.slug));

  const at = place ? map.project(place.lon, place.lat) : null;
  const here = at && inside(full, at[0], at[1]) ? { x: at[0], y: at[1] } : null;
  let view: Box | null = null;
  let zoom: MapView["zoom"] = null;
  if (!whole && here) {
    const nearest = [...placed].sort((a, b) => Math.hypot(a.ox - here.x, a.oy - here.y) - Math.hypot(b.ox - here.x, b.oy - here.y))[0];
    const xs = [here.x, ...(nearest ? [nearest.ox] : [])];
    const ys = [here.y, ...(nearest ? [nearest.oy] : [])];
    view = viewAround({ x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) }, map);
    if (view) zoom = "place";
  } else if (!whole && region) {
    const box = map.regionBounds(region);
    view = box ? viewAround(box, map) : null;
    if (view) zoom = "region";
  }
  const v = view ?? full;
  const visible = placed.filter((p) => inside(v, p.ox, p.oy));
  const pct = (x: number, y: number): MapPoint => ({ left: Math.round(((x - v.x) / v.w) * 10000) / 100, top: Math.round(((y - v.y) / v.h) * 10000) / 100 });

  const layouts = Object.fromEntries(
    (Object.keys(LAYOUT_WIDTHS) as LayoutName[]).map((name) => {
      const unitsPerPx = v.w / LAYOUT_WIDTHS[name];
      const laid = relax(visible, v, PIN_SEPARATION * unitsPerPx, (PIN_RADIUS + 1) * unitsPerPx);
      // A leader line only helps when it shows beyond the pin's dot.
      const lines = laid
        .filter((p) => Math.hypot(p.x - p.ox, p.y - p.oy) > (PIN_RADIUS - 4) * unitsPerPx)
        .map((p) => ({ x1: round2(p.ox), y1: round2(p.oy), x2: round2(p.x), y2: round2(p.y) }));
      return [name, { laid, leaders: { dot: round2(2.5 * unitsPerPx), lines } }];
    }),
  ) as Record<LayoutName, { laid: Placed[]; leaders: { dot: number; lines: Leader[] } }>;

  const pins: MapPin[] = visible.map((p, i) => ({
    slug: p.g.slug,
    name: p.g.name,
    status: p.g.status,
    at: {
      narrow: pct(layouts.narrow.laid[i]!.x, layouts.narrow.laid[i]!.y),
      wide: pct(layouts.wide.laid[i]!.x, layouts.wide.laid[i]!.y),
    },
  }));

  return {
    view: v,
    zoom,
    land: map.land,
    borders: map.borders,
    highlight: region ? map.region(region) : null,
    labels: map.labels.filter((l) => inside(v, l.x, l.y)).map((l) => ({ country: l.country, anchor: l.anchor, at: pct(l.x, l.y) })),
    pins,
    leaders: { narrow: layouts.narrow.leaders, wide: layouts.wide.leaders },
    place: here && inside(v, here.x, here.y) ? { at: pct(here.x, here.y), side: (here.x - v.x) / v.w > 0.55 ? "left" : "right" } : null,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
