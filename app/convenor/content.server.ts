/** Copy for the convenor area (content/convenor.json), validated when this module loads. */
import * as z from "zod";
import convenorJson from "../../content/convenor.json";
import { GROUP_FORMATS, GROUP_STATUSES } from "../../db/queries/groups";
import { CONVENOR_DECISIONS, DECLINE_REASONS, JOIN_REQUEST_STATUSES } from "../../machines/join-request";

const text = z.string().min(1);
const keyed = <K extends readonly [string, ...string[]]>(keys: K) => z.object(Object.fromEntries(keys.map((k) => [k, text])) as Record<K[number], typeof text>);
const labelled = z.object({ label: text, hint: text.optional() });
const LISTING_FIELDS = ["name", "description", "format", "status", "capacity", "timeZone", "frequency", "weekday", "week", "anchorDate", "start", "end", "venueNote"] as const;

export const ConvenorContentSchema = z.object({
  nav: keyed(["label", "inbox", "groups", "account", "signedInAs", "signOut"] as const),
  statuses: keyed(JOIN_REQUEST_STATUSES),
  inbox: keyed(["title", "lead", "staffLead", "filtersHeading", "status", "anyStatus", "group", "anyGroup", "apply", "clear", "count", "none", "received", "open", "today", "day", "days", "previous", "next", "page", "erasedName"] as const),
  request: z.object({
    ...keyed(["title", "back", "status", "received", "email", "emailHint", "experience", "practice", "distance", "online", "km", "underKm", "hopes", "noHopes", "note", "noteLabel", "noNote", "meetOn", "declineReason", "answerHeading", "answerLead", "closed", "timelineHeading", "erased"] as const).shape,
    message: labelled,
    meetOnField: labelled,
    reasonField: labelled,
    reasons: keyed(DECLINE_REASONS),
    buttons: keyed(CONVENOR_DECISIONS),
    explain: keyed(CONVENOR_DECISIONS),
    errors: keyed(["too_long", "control", "bidi", "date", "reason", "not_allowed", "reason_not_yours", "decision_not_yours"] as const),
    done: keyed(CONVENOR_DECISIONS),
    actors: keyed(["applicant", "system", "emailLink", "formerStaff", "formerConvenor"] as const),
  }),
  timeline: z.record(z.string(), text).refine((t) => "other" in t, "timeline needs an 'other' entry"),
  groups: keyed(["title", "staffTitle", "none", "places", "full", "open"] as const),
  group: z.object({
    ...keyed(["title", "back", "statusLabel", "places", "placesValue", "membersHeading", "membersLead", "noMembers", "waitingHeading", "waitingLead", "noWaiting", "nameColumn", "sinceColumn", "editListing", "viewPublic", "askFull", "markFull", "markedFull", "offerPlace", "offerButton", "offered", "timelineHeading"] as const).shape,
    statuses: keyed(GROUP_STATUSES),
  }),
  listing: z.object({
    title: text,
    lead: text,
    saved: text,
    fields: z.object(Object.fromEntries(LISTING_FIELDS.map((k) => [k, labelled])) as Record<(typeof LISTING_FIELDS)[number], typeof labelled>),
    options: z.object({
      format: keyed(GROUP_FORMATS),
      status: keyed(["open", "full"] as const),
      frequency: keyed(["weekly", "fortnightly", "monthly"] as const),
      weekday: z.array(text).length(7),
      week: keyed(["1", "2", "3", "4", "5", "-1"] as const),
    }),
    errors: keyed(["required", "too_long", "invalid", "capacity", "time", "end_before_start", "anchor", "week", "zone", "control", "capacity_below_members"] as const),
    button: text,
  }),
});

export type ConvenorContent = z.infer<typeof ConvenorContentSchema>;

export const convenorContent: ConvenorContent = (() => {
  const r = ConvenorContentSchema.safeParse(convenorJson);
  if (!r.success) throw new Error(`content/convenor.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
})();
