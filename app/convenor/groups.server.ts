/**
 * A convenor's groups: members and waiting list against capacity, the two
 * moments that need a person (the last place taken: mark the group full? a
 * place freed: offer it to the first person waiting?), and the public
 * listing's editor. Each route declares who may use it (app/auth/access.ts);
 * withAccess checks it before these run and hands them the user and the group.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { appendAudit, auditActor, auditForGroup } from "../../db/queries/audit";
import { listGroupSummaries, peopleInGroup } from "../../db/queries/inbox";
import { MEMBER_STATUS, WAITING_LIST_STATUS } from "../../machines/join-request";
import { getListing, updateListing, type Listing } from "../../db/queries/listings";
import { rhythmFormValues, rhythmFromForm } from "../groups/rhythm-form.server";
import type { Granted, GrantedRecord } from "../auth/access.server";
import { visibleGroupIds } from "../auth/session.server";
import type { Services } from "../context";
import { fill } from "../content.server";
import { applyDecision } from "../join/decisions.server";
import { setGroupStatusAndNotify } from "../newsletter/waiting-list.server";
import { formatDate, formatDateTime } from "../utils/dates";
import { zoneName } from "../utils/time-zones";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { convenorContent } from "./content.server";
import { listingSchema, TIME_ZONES } from "./listing-schema";
import { requestPath } from "./requests.server";

const NO_STORE = { "Cache-Control": "no-store" };
export const GROUPS_PATH = "/convenor/groups";
export const groupPath = (slug: string) => `${GROUPS_PATH}/${slug}`;

export async function groupsLoader({ context }: LoaderFunctionArgs, { user }: Granted) {
  const c = convenorContent;
  const groups = listGroupSummaries(context.db, visibleGroupIds(context, user)).map((g) => {
    const left = Math.max(0, g.capacity - g.members);
    return {
      slug: g.slug,
      name: g.name,
      href: groupPath(g.slug),
      status: g.status,
      statusLabel: c.group.statuses[g.status as keyof typeof c.group.statuses],
      places: left ? fill(c.groups.places, { left, capacity: g.capacity }) : c.groups.full,
      waiting: g.waiting,
      open: g.open,
    };
  });
  return data({ copy: c.groups, title: user.role === "staff" ? c.groups.staffTitle : c.groups.title, groups }, { headers: NO_STORE });
}

function groupState(context: Services, listing: Listing) {
  const members = peopleInGroup(context.db, listing.id, MEMBER_STATUS);
  const waiting = peopleInGroup(context.db, listing.id, WAITING_LIST_STATUS);
  const left = Math.max(0, listing.capacity - members.length);
  return { members, waiting, left };
}

export async function groupLoader({ request, context }: LoaderFunctionArgs, { record: listing }: GrantedRecord<"slug">) {
  const c = convenorContent.group;
  const { members, waiting, left } = groupState(context, listing);
  const tz = listing.timeZone;
  const notice = new URL(request.url).searchParams.get("done");
  const firstWaiting = waiting[0];
  return data(
    {
      copy: c,
      title: fill(c.title, { group: listing.name }),
      slug: listing.slug,
      status: listing.status,
      statusLabel: c.statuses[listing.status],
      places: fill(c.placesValue, { members: members.length, left, capacity: listing.capacity }),
      members: members.map((m) => ({ id: m.requestId, name: m.name, since: formatDate(m.since, tz), href: requestPath(m.requestId) })),
      waiting: waiting.map((m) => ({ id: m.requestId, name: m.name, since: formatDate(m.since, tz), href: requestPath(m.requestId) })),
      askFull: left === 0 && listing.status === "open",
      offer: left > 0 && firstWaiting ? { text: fill(c.offerPlace, { name: firstWaiting.name }), button: fill(c.offerButton, { name: firstWaiting.name }), requestId: firstWaiting.requestId } : null,
      notice: notice === "full" ? c.markedFull : notice === "offered" ? fill(c.offered, { name: new URL(request.url).searchParams.get("name") ?? "" }) : null,
      editHref: `${groupPath(listing.slug)}/edit`,
      publicHref: `/groups/${listing.slug}`,
      timeline: auditForGroup(context.db, listing.id, 20).map((r) => ({
        id: r.id,
        title: convenorContent.timeline[r.action] ?? fill(convenorContent.timeline.other!, { action: r.action }),
        date: formatDateTime(r.at, tz),
      })),
    },
    { headers: NO_STORE },
  );
}

/** POST: mark the group full, or offer a freed place to the first person waiting. */
export async function groupAction({ request, context }: ActionFunctionArgs, { record: listing, user }: GrantedRecord<"slug">) {
  const raw = await readForm(request);
  const intent = field(raw, "intent");
  if (intent === "mark-full") {
    const changed = writeTransaction(context.db, () => {
      const { left } = groupState(context, listing);
      if (left > 0 || listing.status !== "open") return false;
      setGroupStatusAndNotify(context, listing.slug, "full");
      appendAudit(context.db, { ...auditActor(user), action: "group.marked_full", subjectType: "group", subjectId: listing.id, groupId: listing.id });
      return true;
    });
    throw redirect(changed ? `${groupPath(listing.slug)}?done=full` : groupPath(listing.slug), { status: 303, headers: NO_STORE });
  }
  if (intent === "offer-place") {
    const requestId = Number(field(raw, "requestId"));
    const { left, waiting } = groupState(context, listing);
    // Only the first person waiting, only while a place is free: a stale page changes nothing.
    if (left > 0 && waiting[0]?.requestId === requestId) {
      const result = applyDecision(context, { requestId, decision: "accepted", actor: { kind: "user", user }, guard: () => groupState(context, listing).left > 0 });
      if (result.ok) {
        const name = encodeURIComponent(result.request.name.replace(/\s+/g, " ").trim());
        throw redirect(`${groupPath(listing.slug)}?done=offered&name=${name}`, { status: 303, headers: NO_STORE });
      }
    }
    throw redirect(groupPath(listing.slug), { status: 303, headers: NO_STORE });
  }
  throw data({ message: null }, { status: 400 });
}

// --- The listing editor ---------------------------------------------------------

function formValues(l: Listing): Record<string, string> {
  const r = l.rhythm;
  return {
    name: l.name,
    description: l.description,
    format: l.format,
    status: l.status === "full" ? "full" : "open",
    capacity: String(l.capacity),
    timeZone: l.timeZone,
    ...rhythmFormValues(r),
    venueNote: l.venueNote,
  };
}

function editorCopy(listing: Listing) {
  const c = convenorContent.listing;
  return {
    copy: c,
    title: fill(c.title, { group: listing.name }),
    zones: TIME_ZONES.map((z) => ({ value: z, label: zoneName(z) })),
    /** An online-only group has no place on the map, so it cannot become in-person here. */
    formats: listing.hasLocation ? (["in_person", "hybrid", "online"] as const) : (["online"] as const),
    statusEditable: listing.status === "open" || listing.status === "full",
    backHref: groupPath(listing.slug),
  };
}

export async function listingLoader({ request }: LoaderFunctionArgs, { record: listing }: GrantedRecord<"slug">) {
  const saved = new URL(request.url).searchParams.get("saved") === "1";
  return data({ ...editorCopy(listing), values: formValues(listing), saved }, { headers: NO_STORE });
}

export interface ListingActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function listingAction({ request, context }: ActionFunctionArgs, { record: listing, user }: GrantedRecord<"slug">) {
  const raw = await readForm(request);
  const parsed = listingSchema.safeParse(raw);
  const fail = (errors: Record<string, string>) => data<ListingActionData>({ errors, values: echo(raw, listingSchema) }, { status: 400, headers: NO_STORE });
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const v = parsed.data;
  if (v.format !== "online" && !listing.hasLocation) return fail({ format: "invalid" });
  if ((listing.status === "open" || listing.status === "full") && !v.status) return fail({ status: "required" });
  const rhythm = rhythmFromForm(v);
  const result = writeTransaction(context.db, () => {
    const fresh = getListing(context.db, listing.slug)!;
    const { members } = groupState(context, fresh);
    if (Number(v.capacity) < members.length) return { error: "capacity_below_members" as const };
    const changed = updateListing(context.db, fresh.id, fresh, {
      name: v.name,
      description: v.description ?? "",
      format: v.format,
      capacity: Number(v.capacity),
      rhythm,
      timeZone: v.timeZone,
      venueNote: v.venueNote ?? "",
    });
    // Status: only between open and full here; opening tells the waiting list (once per person and group).
    if ((fresh.status === "open" || fresh.status === "full") && v.status && v.status !== fresh.status) {
      setGroupStatusAndNotify(context, fresh.slug, v.status);
      changed.push("status");
    }
    if (changed.length) {
      appendAudit(context.db, { ...auditActor(user), action: "listing.updated", subjectType: "group", subjectId: fresh.id, groupId: fresh.id, detail: { fields: changed.join(",") } });
    }
    return { changed };
  });
  if ("error" in result) return fail({ capacity: result.error! });
  context.logger.info("listing updated", { group: listing.slug, fields: result.changed.length });
  throw redirect(`${groupPath(listing.slug)}/edit?saved=1`, { status: 303, headers: NO_STORE });
}
