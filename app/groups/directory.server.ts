/**
 * Find a group (/groups): every open, full and forming group, filtered by
 * state/region and format, and sorted by distance from a place the visitor
 * types. Places come from the same offline gazetteer as the wizard: several
 * matches become a choice, none a clear error that keeps what was typed.
 * Everything arrives in the query string, so the page works without JavaScript.
 */
import type { Area } from "../../machines/answers";
import type { DB } from "../../db/client";
import { findPlaces, getPlace } from "../../db/gazetteer";
import { areaLabel, greatCircleKm as distanceKm } from "../../machines/places";
import { listPublicGroups, type Group, type GroupWithDistance } from "../../db/queries/groups";
import { fill } from "../content.server";
import { toGroupCard, type GroupCard } from "../groups.server";
import { layoutPins, staticMap, type MapPin } from "../map/map.server";
import { zoneForArea, zoneName } from "../utils/time-zones";
import { parseInline } from "../markdown.server";
import { groupsContent, regionName } from "./content.server";

export const FORMAT_FILTERS = ["in_person", "online"] as const;
export type FormatFilter = (typeof FORMAT_FILTERS)[number];
const MAX_PLACE_LENGTH = 120;
const MAX_CHOICES = 20;
/** Postcode matches closer together than this are one place for sorting; no need to ask which. */
const SAME_AREA_KM = 15;

export interface DirectoryQuery {
  near: string;
  areaId: string;
  region: string;
  format: FormatFilter | "";
}

export function readQuery(url: URL): DirectoryQuery {
  const get = (k: string) => (url.searchParams.get(k) ?? "").trim();
  const format = get("format");
  return {
    near: get("near").slice(0, 500),
    areaId: get("area").slice(0, 200),
    region: get("region").slice(0, 60),
    format: (FORMAT_FILTERS as readonly string[]).includes(format) ? (format as FormatFilter) : "",
  };
}

/** How an area is written: the one label, machines/places.ts. */
export { areaLabel };

export type PlaceResult =
  | { kind: "none" }
  | { kind: "found"; area: Area; label: string }
  | { kind: "choose"; candidates: { id: string; label: string }[] }
  | { kind: "error"; code: "unknown" | "too_long" };

/** What the visitor's place means: nothing asked, one area, a choice, or an error. */
export function resolvePlace(db: DB, q: Pick<DirectoryQuery, "near" | "areaId">): PlaceResult {
  if (q.areaId) {
    const area = getPlace(db, q.areaId);
    if (area) return { kind: "found", area, label: areaLabel(area) };
  }
  if (!q.near) return { kind: "none" };
  if (q.near.length > MAX_PLACE_LENGTH) return { kind: "error", code: "too_long" };
  let matches = [...findPlaces(db, "AU", q.near, MAX_CHOICES), ...findPlaces(db, "NZ", q.near, MAX_CHOICES)];
  const postcode = /^\d{3,4}$/.test(q.near) ? q.near.padStart(4, "0") : null;
  if (postcode) {
    // NZ postcodes can match only by prefix; an exact postcode anywhere wins.
    const exact = matches.filter((a) => a.postcode === postcode);
    if (exact.length) matches = exact;
    const first = matches[0];
    if (first && matches.every((a) => a.country === first.country && distanceKm(a, first) <= SAME_AREA_KM)) {
      return { kind: "found", area: first, label: areaLabel(first) };
    }
  }
  if (matches.length === 0) return { kind: "error", code: "unknown" };
  if (matches.length === 1) return { kind: "found", area: matches[0]!, label: areaLabel(matches[0]!) };
  return { kind: "choose", candidates: matches.slice(0, MAX_CHOICES).map((a) => ({ id: a.id, label: areaLabel(a) })) };
}

const meetsInPerson = (g: Group) => g.format !== "online";
const meetsOnline = (g: Group) => g.format !== "in_person";
const STATUS_ORDER = { open: 0, full: 1, forming: 2, closed: 3 } as const;

export interface RegionOption {
  value: string;
  label: string;
}

export interface DirectoryPage {
  query: DirectoryQuery;
  place: PlaceResult;
  regions: { australia: RegionOption[]; newZealand: RegionOption[] };
  inPerson: GroupCard[];
  online: GroupCard[];
  /** Some groups exist but the filters hide them. */
  filtered: boolean;
  viewerZone: string | null;
  map: {
    width: number;
    height: number;
    land: { country: "AU" | "NZ"; d: string }[];
    borders: string;
    labels: { country: "AU" | "NZ"; anchor: "middle" | "end"; x: number; y: number; text: string }[];
    highlight: string | null;
    pins: MapPin[];
  };
}

export function directoryPage(db: DB, url: URL, now = new Date()): DirectoryPage {
  const query = readQuery(url);
  const place = resolvePlace(db, query);
  const area = place.kind === "found" ? place.area : null;
  const viewerZone = zoneForArea(area);
  const all = listPublicGroups(db);

  const regionsOf = (country: "AU" | "NZ") =>
    [...new Set(all.filter((g) => g.country === country && meetsInPerson(g)).map((g) => g.region))]
      .map((r) => ({ value: r, label: regionName(r) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  const regions = { australia: regionsOf("AU"), newZealand: regionsOf("NZ") };
  const regionKnown = [...regions.australia, ...regions.newZealand].some((r) => r.value === query.region);
  if (!regionKnown) query.region = "";

  const withDistance = (g: Group): GroupWithDistance => ({
    ...g,
    distanceKm: area && g.lat !== null && g.lon !== null && meetsInPerson(g) ? distanceKm(area, { lat: g.lat, lon: g.lon }) : null,
  });
  const inPerson = all
    .filter((g) => meetsInPerson(g) && query.format !== "online" && (!query.region || g.region === query.region))
    .map(withDistance)
    .sort((a, b) =>
      area
        ? (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity)
        : a.country.localeCompare(b.country) || regionName(a.region).localeCompare(regionName(b.region)) || a.name.localeCompare(b.name),
    );
  // Online groups are open to anyone, wherever they live, so the region filter leaves them be.
  const online = all
    .filter((g) => meetsOnline(g) && query.format !== "in_person")
    .map((g) => ({ ...g, distanceKm: null }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));

  const map = staticMap();
  const copy = groupsContent.directory;
  return {
    query,
    place,
    regions,
    inPerson: inPerson.map((g) => {
      const card = toGroupCard(g, viewerZone, now);
      // "1.6 km away" nearby, "2140 km away" across the country.
      return card.distanceKm !== null && card.distanceKm >= 10 ? { ...card, distanceKm: Math.round(card.distanceKm) } : card;
    }),
    online: online.map((g) => toGroupCard(g, viewerZone, now)),
    filtered: inPerson.length + online.length < all.length,
    viewerZone: viewerZone ? zoneName(viewerZone) : null,
    map: {
      width: map.width,
      height: map.height,
      land: map.land,
      borders: map.borders,
      labels: map.labels.map((l) => ({ ...l, text: copy.mapCountries[l.country] })),
      highlight: query.region ? map.region(query.region) : null,
      pins: layoutPins(
        inPerson.filter((g) => g.lat !== null && g.lon !== null).map((g) => ({ slug: g.slug, name: g.name, status: g.status, lat: g.lat!, lon: g.lon! })),
        map,
      ),
    },
  };
}

/** "3 groups" */
export const countText = (n: number) => fill(n === 1 ? groupsContent.directory.count.one : groupsContent.directory.count.other, { count: n });

/** Everything the Find a group page shows, with its copy filled in. */
export function directoryLoader(db: DB, requestUrl: string, now = new Date()) {
  const page = directoryPage(db, new URL(requestUrl), now);
  const copy = groupsContent.directory;
  const { place, query } = page;
  return {
    page,
    copy,
    heading: {
      inPerson: `${copy.inPersonHeading} (${countText(page.inPerson.length)})`,
      online: `${copy.onlineHeading} (${countText(page.online.length)})`,
    },
    placeError: place.kind === "error" ? fill(copy.errors[place.code], { place: query.near }) : null,
    chooseTitle: place.kind === "choose" ? fill(copy.choose.title, { place: query.near }) : null,
    sortedNear: place.kind === "found" ? fill(copy.sortedNear, { place: place.label }) : null,
    onlineLead: place.kind === "found" && page.viewerZone ? fill(copy.onlineLeadViewer, { zone: page.viewerZone, place: place.label }) : copy.onlineLead,
    notes: { newsletter: parseInline(copy.newsletter), checkFirst: parseInline(copy.checkFirst) },
  };
}

export type DirectoryLoaderData = ReturnType<typeof directoryLoader>;
