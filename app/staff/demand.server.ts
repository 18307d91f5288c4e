/**
 * Demand and the waiting list (/staff/demand): where confirmed people wait
 * with no group near them, clustered (./clusters.ts), on the server-drawn map
 * and in a table; the threshold that raises an area on the overview; and
 * seeding a forming group where people wait, which emails each of them who
 * agreed to hear about new groups or convening, once, in one transaction.
 * Staff only: each route declares it (app/auth/access.ts) and withAccess
 * checks it before these run.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction, type DB } from "../../db/client";
import { appendAudit, auditActor } from "../../db/queries/audit";
import {
  getDemandThreshold,
  groupNameBySlug,
  groupNameTaken,
  groupSlugTaken,
  listMeetingGroups,
  listWaitingPeople,
  nearestPlace,
  setDemandThreshold,
  waitingEmails,
  type MeetingGroup,
  type NearPlace,
  type WaitingPerson,
} from "../../db/queries/demand";
import { insertGroup } from "../../db/queries/groups";
import { DEFAULT_CAPACITY } from "../../machines/matching";
import { distanceKm } from "../../db/geo";
import { INTERESTS, type Interest } from "../../db/interests";
import type { User } from "../../db/queries/users";
import type { Granted } from "../auth/access.server";
import type { Services } from "../context";
import { fill } from "../content.server";
import { queueEmail } from "../email/outbox.server";
import { staticMap } from "../map/map.server";
import { unsubscribeUrl } from "../newsletter/subscription.server";
import { zoneForArea } from "../utils/time-zones";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { centreOf, clusterPoints, type Point } from "./clusters";
import { staffContent } from "./content.server";
import { thresholdSchema } from "./demand-funnel-schemas";

const NO_STORE = { "Cache-Control": "no-store" };
export const DEMAND_PATH = "/staff/demand";
/** People within this distance of one another wait in one area. */
export const CLUSTER_KM = 50;
/** Areas listed in the table (the largest); the map shows every area. */
export const LISTED_AREAS = 50;

export interface DemandCluster {
  /** The smallest sign-up id in it: how a seed form names the area. */
  key: number;
  ids: number[];
  count: number;
  centre: Point;
  /** The farthest anyone in it lives from its centre. */
  spreadKm: number;
  inPersonOnly: number;
  eitherFormat: number;
  interests: Record<Interest, number>;
  /** The real place nearest its centre: its label, and where a seeded group goes. Set for the areas that are shown. */
  place: NearPlace | undefined;
  /** The region most of its people live in, for an area with no place found. */
  region: string | null;
  /** A group already forming within CLUSTER_KM of its centre. */
  formingNear: { name: string; slug: string; km: number } | null;
}

export interface Demand {
  /** Confirmed people on the waiting list with a point on the map. */
  waiting: number;
  /** Of those, people with a forming, open or full group that meets in person within their distance. */
  withGroupNear: number;
  /** Every area, largest first. */
  clusters: DemandCluster[];
  threshold: number;
}

/** Whether a group that meets in person is within the distance this person would travel. */
function hasGroupNear(p: WaitingPerson, groups: readonly MeetingGroup[]): boolean {
  const latReach = p.distanceKm / 110;
  for (const g of groups) {
    if (Math.abs(g.lat - p.lat) > latReach) continue;
    if (distanceKm(p, g) <= p.distanceKm) return true;
  }
  return false;
}

function mostCommon(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const v of values) {
    if (!v) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (!best || n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v;
  }
  return best;
}

/**
 * Clusters the people waiting with no group near them. `label` says which
 * areas get their nearest place looked up (the listed ones, those at or
 * above the threshold, one named key); the rest keep only their region.
 */
export function computeDemand(db: DB, { label = LISTED_AREAS, key }: { label?: number; key?: number } = {}): Demand {
  const threshold = getDemandThreshold(db);
  const groups = listMeetingGroups(db);
  const everyone = listWaitingPeople(db);
  const people = everyone.filter((p) => !hasGroupNear(p, groups));
  const forming = groups.filter((g) => g.status === "forming");
  const clusters = clusterPoints(people, CLUSTER_KM).map((indices, rank): DemandCluster => {
    const members = indices.map((i) => people[i]!);
    const centre = centreOf(members);
    const interests = Object.fromEntries(INTERESTS.map((i) => [i, 0])) as Record<Interest, number>;
    let inPersonOnly = 0;
    let spreadKm = 0;
    for (const m of members) {
      for (const i of m.interests) if (i in interests) interests[i] += 1;
      if (!m.acceptsOnline) inPersonOnly += 1;
      spreadKm = Math.max(spreadKm, distanceKm(centre, m));
    }
    const ids = members.map((m) => m.id).sort((a, b) => a - b);
    const shown = rank < label || members.length >= threshold || ids[0] === key;
    let formingNear: DemandCluster["formingNear"] = null;
    for (const g of forming) {
      const km = distanceKm(centre, g);
      if (km <= CLUSTER_KM && (!formingNear || km < formingNear.km)) formingNear = { name: g.name, slug: g.slug, km };
    }
    return {
      key: ids[0]!,
      ids,
      count: members.length,
      centre,
      spreadKm,
      inPersonOnly,
      eitherFormat: members.length - inPersonOnly,
      interests,
      place: shown ? nearestPlace(db, centre) : undefined,
      region: mostCommon(members.map((m) => m.region)),
      formingNear,
    };
  });
  return { waiting: everyone.length, withGroupNear: everyone.length - people.length, clusters, threshold };
}

/** "Ballarat Central, VIC", or the region most of its people live in. */
export function clusterLabel(c: Pick<DemandCluster, "place" | "region">): string {
  if (c.place) return `${c.place.name}, ${c.place.region}`;
  return c.region ?? staffContent.demand.unnamedArea;
}

// --- Seeding a group ---------------------------------------------------------------

export type SeedResult =
  | { ok: true; groupId: number; slug: string; name: string; people: number; emailed: number }
  | { ok: false; reason: "changed" | "no_place" }
  | { ok: false; reason: "forming"; group: string };

/** Monthly, first Tuesday, 7 to 9 pm, until its convenors say otherwise (the staff group form's defaults). */
const NEW_GROUP_RHYTHM = { frequency: "monthly", weekday: 2, week: 1, start: "19:00", end: "21:00" } as const;

/** lower-case ASCII letters, digits and hyphens: "Ōtaki Beach" → "otaki-beach". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/g, "");
  return slug || "group";
}

function uniqueName(db: DB, place: NearPlace): string {
  const base = place.name;
  if (!groupNameTaken(db, base)) return base;
  const withRegion = `${place.name} ${place.region}`;
  if (!groupNameTaken(db, withRegion)) return withRegion;
  for (let n = 2; ; n++) if (!groupNameTaken(db, `${withRegion} ${n}`)) return `${withRegion} ${n}`;
}

function uniqueSlug(db: DB, name: string): string {
  const base = slugify(name);
  if (!groupSlugTaken(db, base)) return base;
  for (let n = 2; ; n++) if (!groupSlugTaken(db, `${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Seeds a forming group where the area `key` waits, in one transaction: the
 * group at the real place nearest the area's centre, one email to each of
 * its people who asked to hear about new groups or convening (outbox dedupe
 * key `seed:<groupId>:<signupId>`), and the audit log. Refused if the area is
 * no longer what the page showed, or a group already forms near it.
 */
export function seedCluster(services: Pick<Services, "db" | "env" | "secrets">, key: number, user: Pick<User, "id" | "email">, now = new Date()): SeedResult {
  const { db, env } = services;
  return writeTransaction(db, (): SeedResult => {
    const cluster = computeDemand(db, { label: 0, key }).clusters.find((c) => c.key === key);
    if (!cluster) return { ok: false, reason: "changed" };
    if (cluster.formingNear) return { ok: false, reason: "forming", group: cluster.formingNear.name };
    const place = cluster.place;
    if (!place) return { ok: false, reason: "no_place" };
    const name = uniqueName(db, place);
    const slug = uniqueSlug(db, name);
    const copy = staffContent.demand.newGroup;
    const groupId = insertGroup(db, {
      slug,
      name,
      suburb: place.name,
      region: place.region,
      country: place.country,
      lat: place.lat,
      lon: place.lon,
      format: "in_person",
      status: "forming",
      capacity: DEFAULT_CAPACITY,
      rhythm: { ...NEW_GROUP_RHYTHM },
      timeZone: zoneForArea(place) ?? (place.country === "NZ" ? "Pacific/Auckland" : "Australia/Sydney"),
      convenorFirstName: copy.convenorFirstName,
      convenorEmail: env.STAFF_EMAIL,
    });
    db.prepare("UPDATE groups SET description = ? WHERE id = ?").run(fill(copy.description, { place: place.name }), groupId);

    const inCluster = new Set(cluster.ids);
    const people = listWaitingPeople(db).filter((p) => inCluster.has(p.id));
    const consenting = people.filter((p) => p.interests.includes("new_groups") || p.interests.includes("convening"));
    const emails = waitingEmails(
      db,
      consenting.map((p) => p.id),
    );
    const area = `${place.name}, ${place.region}`;
    let emailed = 0;
    for (const p of consenting) {
      const to = emails.get(p.id);
      if (!to) continue;
      const queued = queueEmail(db, env, {
        kind: "demand.seed",
        to,
        dedupeKey: `seed:${groupId}:${p.id}`,
        vars: {
          area,
          group: name,
          km: Math.max(1, Math.round(distanceKm(p, place))),
          staffEmail: env.STAFF_EMAIL,
        },
        replyTo: env.STAFF_EMAIL,
        unsubscribeUrl: unsubscribeUrl(services, p.id),
      });
      if (queued.created) emailed += 1;
    }
    appendAudit(
      db,
      {
        ...auditActor(user),
        action: "group.seeded",
        subjectType: "group",
        subjectId: groupId,
        groupId,
        detail: { people: cluster.count, consenting: consenting.length, emailed },
      },
      now,
    );
    return { ok: true, groupId, slug, name, people: cluster.count, emailed };
  });
}

// --- The page ------------------------------------------------------------------------

const circleRadius = (count: number) => Math.min(30, 5 + 3 * Math.sqrt(count));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The map, the table and the threshold as the page shows them. */
function demandPage(db: DB) {
  const c = staffContent.demand;
  const demand = computeDemand(db);
  const map = staticMap();
  const people = demand.clusters.reduce((n, cl) => n + cl.count, 0);
  const listed = demand.clusters.slice(0, LISTED_AREAS);
  const rest = demand.clusters.slice(LISTED_AREAS);
  const circles = demand.clusters
    .map((cl) => {
      const p = map.project(cl.centre.lon, cl.centre.lat);
      if (!p) return null;
      return {
        key: cl.key,
        x: p[0],
        y: p[1],
        r: round1(circleRadius(cl.count)),
        above: cl.count >= demand.threshold,
        title: fill(c.circleTitle, { area: clusterLabel(cl), count: cl.count }),
      };
    })
    .filter((x) => x !== null)
    .sort((a, b) => b.r - a.r || a.key - b.key);
  return {
    summary: fill(c.summary, { people, areas: demand.clusters.length }),
    summaryNear: demand.withGroupNear ? fill(c.summaryNear, { count: demand.withGroupNear }) : null,
    threshold: demand.threshold,
    map: {
      width: map.width,
      height: map.height,
      land: map.land,
      borders: map.borders,
      labels: map.labels.map((l) => ({ ...l, text: c.mapCountries[l.country] })),
      circles,
    },
    rows: listed.map((cl) => {
      const area = clusterLabel(cl);
      return {
        key: cl.key,
        area,
        count: cl.count,
        above: cl.count >= demand.threshold,
        spread: fill(c.spread, { km: Math.max(1, Math.round(cl.spreadKm)) }),
        formats: [fill(c.inPersonOnly, { count: cl.inPersonOnly }), fill(c.eitherFormat, { count: cl.eitherFormat })],
        interests: INTERESTS.map((i) => fill(c.interests[i], { count: cl.interests[i] })),
        forming: cl.formingNear ? fill(c.formingNear, { group: cl.formingNear.name, km: Math.max(1, Math.round(cl.formingNear.km)) }) : null,
        seedArea: fill(c.seedButtonArea, { area }),
      };
    }),
    more: rest.length ? fill(c.more, { areas: rest.length, people: rest.reduce((n, cl) => n + cl.count, 0) }) : null,
  };
}

export async function demandLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const c = staffContent.demand;
  const q = new URL(request.url).searchParams;
  const page = demandPage(context.db);
  let notice: { text: string; href: string | null; link: string | null } | null = null;
  if (q.get("saved") === "threshold") notice = { text: fill(c.thresholdSaved, { threshold: page.threshold }), href: null, link: null };
  const seeded = q.get("seeded");
  if (seeded && /^[a-z0-9-]{1,80}$/.test(seeded)) {
    const row = groupNameBySlug(context.db, seeded);
    const people = Number(q.get("people"));
    const emailed = Number(q.get("emailed"));
    if (row && Number.isInteger(people) && Number.isInteger(emailed)) {
      notice = { text: fill(c.seeded, { group: row.name, people, emailed }), href: `/staff/groups/${seeded}`, link: fill(c.seededLink, { group: row.name }) };
    }
  }
  return data({ copy: c, lead: fill(c.lead, { km: CLUSTER_KM }), notice, ...page }, { headers: NO_STORE });
}

export interface DemandActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  seedError: string | null;
}

export async function demandAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const c = staffContent.demand;
  const raw = await readForm(request);
  const intent = field(raw, "intent");
  if (intent === "threshold") {
    const parsed = thresholdSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, code]) => [k, c.errors[code as keyof typeof c.errors] ?? c.errors.number]));
      return data<DemandActionData>({ errors, values: echo(raw, thresholdSchema), seedError: null }, { status: 400, headers: NO_STORE });
    }
    setDemandThreshold(context.db, Number(parsed.data.threshold));
    context.logger.info("demand threshold set", { threshold: Number(parsed.data.threshold) });
    throw redirect(`${DEMAND_PATH}?saved=threshold`, { status: 303, headers: NO_STORE });
  }
  if (intent === "seed") {
    const key = Number(field(raw, "area"));
    const result = Number.isSafeInteger(key) && key > 0 ? seedCluster(context, key, user) : ({ ok: false, reason: "changed" } as const);
    if (!result.ok) {
      const seedError = result.reason === "forming" ? fill(c.seedErrors.forming, { group: result.group }) : c.seedErrors[result.reason];
      return data<DemandActionData>({ errors: {}, values: {}, seedError }, { status: 409, headers: NO_STORE });
    }
    context.logger.info("group seeded", { group: result.slug, people: result.people, emailed: result.emailed });
    throw redirect(`${DEMAND_PATH}?seeded=${result.slug}&people=${result.people}&emailed=${result.emailed}`, { status: 303, headers: NO_STORE });
  }
  throw data({ message: null }, { status: 400 });
}
