/**
 * Find a group (/groups): every open, full and forming group, filtered by
 * state/region and format, and sorted by distance from a place the visitor
 * types. Places come from the same offline gazetteer as the wizard: several
 * matches become a choice, none a clear error that keeps what was typed.
 * Everything arrives in the query string, so the page works without JavaScript.
 *
 * With no place, the groups that meet in person are listed by state or
 * region under headings, open before full before forming; online groups
 * show their next meeting in the group's zone and in "your time"
 * (viewer-zone.server.ts). The map shows the searched area and marks it.
 */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import type { Area } from "../../machines/answers";
import type { DB } from "../../db/client";
import { findPlaces, getPlace } from "../../db/gazetteer";
import { areaLabel, greatCircleKm as distanceKm } from "../../machines/places";
import { meetsInPerson, meetsOnline } from "../../machines/matching";
import { listPublicGroups, type Group, type GroupWithDistance } from "../../db/queries/groups";
import { fill } from "../content.server";
import { toGroupCard, type GroupCard } from "./groups.server";
import { mapView, type MapPin, type MapView } from "../map/map.server";
import { formatMeeting, nextMeetings } from "../utils/rhythm";
import { zoneForArea, zoneName } from "../utils/time-zones";
import { yourTimeText } from "../utils/your-time";
import { parseInline } from "../markdown.server";
import { groupsContent, regionName } from "./content.server";
import { byRegion, byStatusThenName } from "./order";
import { viewerZone, zoneForm, type ViewerZone } from "./viewer-zone.server";

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
  /** The whole map even with a search (?map=all). */
  wholeMap: boolean;
}

export function readQuery(url: URL): DirectoryQuery {
  const get = (k: string) => (url.searchParams.get(k) ?? "").trim();
  const format = get("format");
  return {
    near: get("near").slice(0, 500),
    areaId: get("area").slice(0, 200),
    region: get("region").slice(0, 60),
    format: (FORMAT_FILTERS as readonly string[]).includes(format) ? (format as FormatFilter) : "",
    wholeMap: get("map") === "all",
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

export interface RegionOption {
  value: string;
  label: string;
}

/** "Your time" for one meeting: its instants, and the text for the zone the server knows (null: none yet). */
export interface YourTime {
  start: string;
  end: string | null;
  text: string | null;
}

/** A group as Find a group lists it. */
export interface DirectoryCard extends GroupCard {
  statusLabel: string;
  /** "In person and online", for hybrid groups only (the section says the rest). */
  formatLabel: string | null;
  /** Online and hybrid groups: the next meeting in the group's zone, and in the viewer's. */
  next: { groupTime: string; yourTime: YourTime } | null;
}

export interface DirectorySection {
  id: string;
  /** A state's or region's name; null for one list sorted by distance. */
  heading: string | null;
  cards: DirectoryCard[];
}

export type DirectoryMap = Omit<MapView, "pins" | "labels" | "place"> & {
  pins: (MapPin & { label: string })[];
  labels: (MapView["labels"][number] & { text: string })[];
  place: (NonNullable<MapView["place"]> & { label: string; name: string }) | null;
};

export interface DirectoryPage {
  query: DirectoryQuery;
  place: PlaceResult;
  regions: { australia: RegionOption[]; newZealand: RegionOption[] };
  /** Groups that meet in person, in the order shown. */
  inPerson: DirectoryCard[];
  /** The same, under a heading per state or region (or one list by distance). */
  inPersonSections: DirectorySection[];
  online: DirectoryCard[];
  /** Some groups exist but the filters hide them. */
  filtered: boolean;
  viewer: Pick<ViewerZone, "zone" | "source">;
  map: DirectoryMap;
}

/** A group's card for the list: status and format in words, and for groups that meet online, "your time". */
function directoryCard(g: GroupWithDistance, viewer: Pick<ViewerZone, "zone">, now: Date): DirectoryCard {
  const copy = groupsContent.group;
  const card = toGroupCard(g, null, now);
  const online = g.format !== "in_person";
  const [first] = online && g.status !== "forming" ? nextMeetings(g.rhythm, g.timeZone, now, 1) : [];
  const start = first?.start.toISOString();
  return {
    ...card,
    // "1.6 km away" nearby, "2140 km away" across the country.
    distanceKm: card.distanceKm !== null && card.distanceKm >= 10 ? Math.round(card.distanceKm) : card.distanceKm,
    nextMeeting: null,
    // Online, the rhythm's times are the group's clock: say whose.
    rhythm: online ? `${card.rhythm} (${zoneName(g.timeZone)})` : card.rhythm,
    statusLabel: copy.statuses[g.status as "open" | "full" | "forming"] ?? g.status,
    formatLabel: g.format === "hybrid" ? copy.formats.hybrid : null,
    next:
      first && start
        ? {
            groupTime: `${formatMeeting(first.start, g.timeZone)} (${zoneName(g.timeZone)})`,
            yourTime: { start, end: null, text: viewer.zone ? yourTimeText(start, null, viewer.zone, zoneName(viewer.zone)) : null },
          }
        : null,
  };
}

export interface DirectoryOptions {
  now?: Date;
  /** The place, when the caller has already resolved it. */
  place?: PlaceResult;
  /** Whose clock "your time" uses (default: the place's zone, if a place was found). */
  viewer?: Pick<ViewerZone, "zone" | "source">;
}

export function directoryPage(db: DB, url: URL, options: DirectoryOptions | Date = {}): DirectoryPage {
  const { now = new Date(), place: given, viewer: givenViewer } = options instanceof Date ? { now: options } : options;
  const query = readQuery(url);
  const place = given ?? resolvePlace(db, query);
  const area = place.kind === "found" ? place.area : null;
  const placeZone = zoneForArea(area);
  const viewer = givenViewer ?? (placeZone ? { zone: placeZone, source: "place" as const } : { zone: null, source: "none" as const });
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
  const inPersonGroups = all
    .filter((g) => meetsInPerson(g) && query.format !== "online" && (!query.region || g.region === query.region))
    .map(withDistance);
  // With a place: one list, nearest first. Without: by state or region, open before full before forming.
  const sections: { heading: string | null; id: string; groups: GroupWithDistance[] }[] = area
    ? [{ heading: null, id: "nearest", groups: [...inPersonGroups].sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || byStatusThenName(a, b)) }]
    : byRegion(inPersonGroups, regionName).map((s) => ({
        heading: s.country === "NZ" ? fill(groupsContent.directory.regionHeadingNZ, { region: regionName(s.region) }) : regionName(s.region),
        id: `region-${s.country}-${s.region}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-"),
        groups: s.groups,
      }));
  // Online groups are open to anyone, wherever they live, so the region filter leaves them be.
  const online = all
    .filter((g) => meetsOnline(g) && query.format !== "in_person")
    .map((g) => ({ ...g, distanceKm: null }))
    .sort(byStatusThenName);

  const inPersonSections = sections.map((s) => ({ heading: s.heading, id: s.id, cards: s.groups.map((g) => directoryCard(g, viewer, now)) }));
  const copy = groupsContent.directory;
  const shown = sections.flatMap((s) => s.groups);
  const view = mapView({
    pins: shown.filter((g) => g.lat !== null && g.lon !== null).map((g) => ({ slug: g.slug, name: g.name, status: g.status, lat: g.lat!, lon: g.lon! })),
    place: area,
    region: query.region || null,
    whole: query.wholeMap,
  });
  return {
    query,
    place,
    regions,
    inPerson: inPersonSections.flatMap((s) => s.cards),
    inPersonSections,
    online: online.map((g) => directoryCard(g, viewer, now)),
    filtered: inPersonGroups.length + online.length < all.length,
    viewer: { zone: viewer.zone, source: viewer.source },
    map: {
      ...view,
      pins: view.pins.map((p) => ({
        ...p,
        label: fill(copy.mapPin, { name: p.name, status: copy.mapPinStatus[p.status as "open" | "full" | "forming"] ?? p.status }),
      })),
      labels: view.labels.map((l) => ({ ...l, text: copy.mapCountries[l.country] })),
      place: view.place && area ? { ...view.place, label: fill(copy.mapPlace, { place: areaLabel(area) }), name: area.name } : null,
    },
  };
}

/** "3 groups" */
export const countText = (n: number) => fill(n === 1 ? groupsContent.directory.count.one : groupsContent.directory.count.other, { count: n });

/** The page's query string with `changes` applied (empty values dropped). */
function withQuery(q: DirectoryQuery, changes: Record<string, string>): string {
  const params = new URLSearchParams();
  const fields: Record<string, string> = { near: q.near, area: q.areaId, region: q.region, format: q.format, map: q.wholeMap ? "all" : "", ...changes };
  for (const [k, v] of Object.entries(fields)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `/groups?${s}` : "/groups";
}

/** Everything the Find a group page shows, with its copy filled in. */
export function directoryData(db: DB, requestUrl: string, options: DirectoryOptions = {}) {
  const page = directoryPage(db, new URL(requestUrl), options);
  const copy = groupsContent.directory;
  const { place, query } = page;
  const zoomed =
    page.map.zoom === "place" && place.kind === "found"
      ? fill(copy.mapZoomed, { place: place.label })
      : page.map.zoom === "region"
        ? fill(copy.mapZoomedRegion, { region: regionName(query.region) })
        : null;
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
    onlineLead: copy.onlineLead,
    mapCopy: {
      label: copy.mapLabel,
      caption: copy.mapCaption,
      legend: copy.mapLegend,
      zoomed,
      whole: zoomed ? { href: withQuery(query, { map: "all" }), text: copy.mapWhole } : null,
    },
    zoneForm: zoneForm(
      { zone: page.viewer.zone, source: page.viewer.source, setCookie: null },
      { near: query.near, area: query.areaId, region: query.region, format: query.format, map: query.wholeMap ? "all" : "" },
    ),
    notes: { newsletter: parseInline(copy.newsletter), checkFirst: parseInline(copy.checkFirst) },
  };
}

export type DirectoryLoaderData = ReturnType<typeof directoryData>;

/** The /groups loader: the visitor's zone for "your time" (remembered when they choose one), then the page. */
export async function directoryLoader({ request, context }: Pick<LoaderFunctionArgs, "request" | "context">) {
  const url = new URL(request.url);
  const place = resolvePlace(context.db, readQuery(url));
  const viewer = await viewerZone(request, context, place.kind === "found" ? place.area : null);
  const page = directoryData(context.db, request.url, { place, viewer });
  return data(page, viewer.setCookie ? { headers: { "Set-Cookie": viewer.setCookie } } : undefined);
}
