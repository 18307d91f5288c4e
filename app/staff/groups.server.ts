/**
 * Staff's groups: the list (filter a list, server-sorted table), adding a
 * group, editing every field, its status with its consequences
 * (./group-status.server.ts), its convenors (adding one invites them to sign
 * in), and its timeline from the audit log. Staff only: each route declares
 * it (app/auth/access.ts) and withAccess checks it before these run.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { appendAudit, auditActor, auditForGroup } from "../../db/queries/audit";
import { GROUP_FORMATS, GROUP_STATUSES, getGroupBySlug, insertGroup, type GroupStatus } from "../../db/queries/groups";
import { getListing } from "../../db/queries/listings";
import { GROUP_SORTS, listRegions, listStaffGroups, slugTaken, updateGroupDetails, type GroupSort } from "../../db/queries/staff-groups";
import { addConvenor, convenorsOf, removeConvenor, upsertUser } from "../../db/queries/users";
import type { Area } from "../../machines/answers";
import type { Granted } from "../auth/access.server";
import { notFound } from "../auth/session.server";
import { DEFAULT_CAPACITY } from "../../machines/matching";
import type { Services } from "../context";
import { fill } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { resolvePlace } from "../groups/directory.server";
import { rhythmFormValues, rhythmFromForm } from "../groups/rhythm-form.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { oneOf, readListParams, SORT_DIRS } from "../utils/list-params";
import { zoneName } from "../utils/time-zones";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { TIME_ZONES } from "../convenor/listing-schema";
import { convenorContent } from "../convenor/content.server";
import { actorShown } from "../audit/actor.server";
import { signInSchema } from "../auth/schema";
import { staffContent } from "./content.server";
import { changeGroupStatus } from "./group-status.server";
import { groupSchema, slugFrom, type GroupForm } from "./group-schema";

const NO_STORE = { "Cache-Control": "no-store" };
export const STAFF_GROUPS_PATH = "/staff/groups";
export const staffGroupPath = (slug: string) => `${STAFF_GROUPS_PATH}/${slug}`;
const SLUG = /^[a-z0-9-]{1,80}$/;
const FRESHNESS = ["recent", "stale", "never"] as const;

export async function staffGroupsLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const url = new URL(request.url);
  const q = url.searchParams;
  const regions = listRegions(context.db);
  const { status, format, freshness, region, sort, dir } = readListParams(q, {
    status: oneOf(GROUP_STATUSES),
    format: oneOf(GROUP_FORMATS),
    freshness: oneOf(FRESHNESS),
    region: oneOf(regions),
    sort: oneOf(GROUP_SORTS, "name"),
    dir: oneOf(SORT_DIRS, "asc"),
  });
  const now = new Date();
  const rows = listStaffGroups(context.db, { status, format, freshness, region, sort, dir, now });
  const c = staffContent.groups;
  const statusLabels = staffContent.groupForm.options.status;
  const sortHref = (column: GroupSort) => {
    const p = new URLSearchParams(q);
    p.set("sort", column);
    p.set("dir", sort === column && dir === "asc" ? "desc" : "asc");
    return `${STAFF_GROUPS_PATH}?${p.toString()}`;
  };
  return data(
    {
      copy: c,
      filters: {
        status: status ?? "",
        region: region ?? "",
        format: format ?? "",
        freshness: freshness ?? "",
        statuses: GROUP_STATUSES.map((s) => ({ value: s, label: statusLabels[s] })),
        regions: regions.map((r) => ({ value: r, label: r })),
        formats: GROUP_FORMATS.map((f) => ({ value: f, label: staffContent.groupForm.options.format[f] })),
        freshnessOptions: FRESHNESS.map((f) => ({ value: f, label: c.freshnessOptions[f] })),
        active: Boolean(status || region || format || freshness),
      },
      sort: { column: sort, dir },
      columns: GROUP_SORTS.map((col) => ({ column: col, label: c.columns[col], href: sortHref(col), sorted: sort === col ? (dir === "asc" ? "ascending" : "descending") : "none" }) as const),
      count: fill(c.count, { count: rows.length }),
      groups: rows.map((g) => ({
        slug: g.slug,
        name: g.name,
        href: staffGroupPath(g.slug),
        region: g.region,
        status: g.status,
        statusLabel: statusLabels[g.status],
        members: `${g.members} / ${g.capacity}`,
        waiting: g.waiting,
        verified: g.verifiedAt ? formatDate(g.verifiedAt, g.timeZone) : c.never,
        convenors: g.convenors || c.noConvenor,
      })),
    },
    { headers: NO_STORE },
  );
}

// --- The form (create and edit) --------------------------------------------------

export function groupFormCopy() {
  const c = staffContent.groupForm;
  return {
    copy: c,
    zones: TIME_ZONES.map((z) => ({ value: z, label: zoneName(z) })),
  };
}

type Located = { suburb: string; region: string; lat: number | null; lon: number | null; country: "AU" | "NZ"; area: Area | null };


/** The group's place from what staff typed: a postcode or suburb in the chosen country. Online groups have none. */
function locate(context: Services, v: GroupForm): Located | { error: string } {
  if (v.format === "online" && !v.place) return { suburb: "Online", region: "Online", lat: null, lon: null, country: v.country, area: null };
  const found = resolvePlace(context.db, { near: v.place ?? "", areaId: "" });
  if (found.kind === "error" || found.kind === "none") return { error: "place_unknown" };
  if (found.kind === "choose") return { error: "place_ambiguous" };
  const a = found.area;
  if (a.country !== v.country) return { error: "place_unknown" };
  return { suburb: a.name, region: a.region, lat: a.lat, lon: a.lon, country: a.country, area: a };
}

export interface GroupFormActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function newGroupLoader(_args: LoaderFunctionArgs, _granted: Granted) {
  const defaults = { country: "AU", format: "in_person", status: "forming", capacity: String(DEFAULT_CAPACITY), timeZone: "Australia/Sydney", frequency: "monthly", weekday: "2", week: "1", start: "19:00", end: "21:00" };
  return data({ ...groupFormCopy(), title: staffContent.groupForm.newTitle, defaults }, { headers: NO_STORE });
}

export async function newGroupAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const fail = (errors: Record<string, string>) => data<GroupFormActionData>({ errors, values: echo(raw, groupSchema) }, { status: 400, headers: NO_STORE });
  const parsed = groupSchema.safeParse(raw);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const v = parsed.data;
  const place = locate(context, v);
  if ("error" in place) return fail({ place: place.error });
  const result = writeTransaction(context.db, () => {
    let slug = v.slug ?? slugFrom(v.name);
    if (v.slug && slugTaken(context.db, slug)) return { error: "slug_taken" as const };
    for (let n = 2; slugTaken(context.db, slug); n++) slug = `${slugFrom(v.name)}-${n}`;
    const id = insertGroup(context.db, {
      slug,
      name: v.name,
      suburb: place.suburb,
      region: place.region,
      country: place.country,
      lat: place.lat,
      lon: place.lon,
      format: v.format,
      status: "forming",
      capacity: Number(v.capacity),
      rhythm: rhythmFromForm(v),
      timeZone: v.timeZone,
      // Shown publicly ("… convenes this group"); until a convenor is known, a neutral phrase.
      convenorFirstName: v.convenorFirstName || "the convenor",
      // Until a convenor is added, join requests reach ANZPOP staff.
      convenorEmail: context.env.STAFF_EMAIL,
    });
    if (v.description) context.db.prepare("UPDATE groups SET description = ? WHERE id = ?").run(v.description, id);
    appendAudit(context.db, { ...auditActor(user), action: "group.created", subjectType: "group", subjectId: id, groupId: id });
    // A status other than forming has its consequences (opening tells the waiting list).
    const status = v.status ?? "forming";
    if (status !== "forming") changeGroupStatus(context, slug, status, { kind: "user", user });
    return { slug };
  });
  if ("error" in result) return fail({ slug: result.error! });
  context.logger.info("group created", { group: result.slug });
  throw redirect(`${staffGroupPath(result.slug)}?done=created`, { status: 303, headers: NO_STORE });
}

function groupFor(context: Services, slug: string | undefined) {
  const group = slug && SLUG.test(slug) ? getGroupBySlug(context.db, slug) : undefined;
  if (!group) throw notFound();
  return group;
}

function formValuesOf(context: Services, slug: string): Record<string, string> {
  const g = getGroupBySlug(context.db, slug)!;
  const l = getListing(context.db, slug)!;
  const r = g.rhythm;
  return {
    name: g.name,
    slug: g.slug,
    place: g.format === "online" && g.lat === null ? "" : g.suburb,
    country: g.country,
    format: g.format,
    capacity: String(g.capacity),
    timeZone: g.timeZone,
    ...rhythmFormValues(r),
    description: l.description,
    convenorFirstName: g.convenorFirstName,
  };
}

export async function staffGroupLoader({ request, context, params }: LoaderFunctionArgs, _granted: Granted) {
  const g = groupFor(context, params.slug);
  const p = staffContent.groupPage;
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const statusLabels = staffContent.groupForm.options.status;
  const notice =
    done === "created"
      ? staffContent.groupForm.created
      : done === "saved"
        ? staffContent.groupForm.saved
        : done === "status"
          ? fill(p.statusChanged, {
              from: statusLabels[(url.searchParams.get("from") as GroupStatus) ?? g.status] ?? "",
              to: statusLabels[g.status],
              effects:
                Number(url.searchParams.get("notified")) > 0
                  ? fill(p.effectsOpen, { count: Number(url.searchParams.get("notified")) })
                  : Number(url.searchParams.get("told")) > 0
                    ? fill(p.effectsClosed, { count: Number(url.searchParams.get("told")) })
                    : p.effectsNone,
            })
          : done === "convenor-added"
            ? fill(p.convenorAdded, { email: url.searchParams.get("email") ?? "" })
            : done === "convenor-removed"
              ? fill(p.convenorRemoved, { email: url.searchParams.get("email") ?? "" })
              : null;
  return data(
    {
      ...groupFormCopy(),
      page: p,
      title: fill(staffContent.groupForm.editTitle, { group: g.name }),
      slug: g.slug,
      status: g.status,
      statusLabel: statusLabels[g.status],
      statuses: GROUP_STATUSES.map((s) => ({ value: s, label: statusLabels[s] })),
      values: formValuesOf(context, g.slug),
      notice,
      convenors: convenorsOf(context.db, g.id).map((c) => ({ userId: c.userId, email: c.email, remove: fill(p.removeConvenor, { email: c.email }) })),
      publicHref: `/groups/${g.slug}`,
      convenorHref: `/convenor/groups/${g.slug}`,
      timeline: auditForGroup(context.db, g.id, 50).map((r) => ({
        id: r.id,
        title: convenorContent.timeline[r.action] ?? r.action.replace(/[._]/g, " "),
        date: formatDateTime(r.at, g.timeZone),
        by: actorShown(r),
      })),
    },
    { headers: NO_STORE },
  );
}

/** POST: `intent` = details | status | add-convenor | remove-convenor. */
export async function staffGroupAction({ request, context, params }: ActionFunctionArgs, { user }: Granted) {
  const g = groupFor(context, params.slug);
  const raw = await readForm(request);
  const intent = field(raw, "intent");
  const fail = (errors: Record<string, string>) => data<GroupFormActionData & { intent: string }>({ intent: intent ?? "", errors, values: echo(raw, groupSchema, ["email"]) }, { status: 400, headers: NO_STORE });

  if (intent === "status") {
    const status = oneOf(GROUP_STATUSES).read(field(raw, "status") ?? null);
    if (!status) return fail({ status: "required" });
    const result = changeGroupStatus(context, g.slug, status, { kind: "user", user });
    context.logger.info("group status changed", { group: g.slug, from: result.from, to: status });
    throw redirect(`${staffGroupPath(g.slug)}?done=status&from=${result.from}&notified=${result.notified}&told=${result.told}`, { status: 303, headers: NO_STORE });
  }

  if (intent === "add-convenor") {
    const parsed = signInSchema.safeParse({ email: raw.email });
    if (!parsed.success) return fail({ email: fieldErrors(parsed.error).email ?? "invalid" });
    const email = parsed.data.email;
    writeTransaction(context.db, () => {
      const { user: convenor, created } = upsertUser(context.db, { email, role: "convenor" });
      const added = addConvenor(context.db, g.id, convenor.id);
      if (created) appendAudit(context.db, { ...auditActor(user), action: "user_added", subjectType: "user", subjectId: convenor.id, detail: { role: convenor.role } });
      if (added) {
        appendAudit(context.db, { ...auditActor(user), action: "convenor_added", subjectType: "group", subjectId: g.id, groupId: g.id, detail: { userId: convenor.id } });
        queueEmail(context.db, context.env, {
          kind: "auth.invite",
          to: convenor.email,
          dedupeKey: `invite:${g.id}:${convenor.id}`,
          vars: { group: g.name, signInUrl: link(context.env, "/sign-in"), convenorUrl: link(context.env, `/convenor/groups/${g.slug}`) },
        });
      }
    });
    throw redirect(`${staffGroupPath(g.slug)}?done=convenor-added&email=${encodeURIComponent(email)}`, { status: 303, headers: NO_STORE });
  }

  if (intent === "remove-convenor") {
    const userId = Number(field(raw, "userId"));
    const convenor = convenorsOf(context.db, g.id).find((c) => c.userId === userId);
    if (!convenor) throw redirect(staffGroupPath(g.slug), { status: 303, headers: NO_STORE });
    writeTransaction(context.db, () => {
      if (removeConvenor(context.db, g.id, userId)) {
        appendAudit(context.db, { ...auditActor(user), action: "convenor_removed", subjectType: "group", subjectId: g.id, groupId: g.id, detail: { userId } });
      }
    });
    throw redirect(`${staffGroupPath(g.slug)}?done=convenor-removed&email=${encodeURIComponent(convenor.email)}`, { status: 303, headers: NO_STORE });
  }

  if (intent === "details") {
    const parsed = groupSchema.safeParse(raw);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    const v = parsed.data;
    const place = locate(context, v);
    if ("error" in place) return fail({ place: place.error });
    const slug = v.slug ?? g.slug;
    const result = writeTransaction(context.db, () => {
      if (slugTaken(context.db, slug, g.id)) return { error: "slug_taken" as const };
      updateGroupDetails(context.db, g.id, {
        slug,
        name: v.name,
        suburb: place.suburb,
        region: place.region,
        country: place.country,
        lat: place.lat,
        lon: place.lon,
        format: v.format,
        capacity: Number(v.capacity),
        rhythm: JSON.stringify(rhythmFromForm(v)),
        timeZone: v.timeZone,
        description: v.description ?? "",
        convenorFirstName: v.convenorFirstName || g.convenorFirstName,
      });
      appendAudit(context.db, { ...auditActor(user), action: "listing.updated", subjectType: "group", subjectId: g.id, groupId: g.id, detail: { by: "staff" } });
      return { slug };
    });
    if ("error" in result) return fail({ slug: result.error! });
    throw redirect(`${staffGroupPath(result.slug)}?done=saved`, { status: 303, headers: NO_STORE });
  }
  throw data({ message: null }, { status: 400 });
}
