/** Copy for Find a group, the group pages and calendar files (content/groups.json), validated when this module loads. */
import * as z from "zod";
import groupsJson from "../../content/groups.json";
import { isTimeZone } from "../utils/time-zones";

const text = z.string().min(1);

export const GroupsContentSchema = z.object({
  directory: z.object({
    title: text,
    description: text,
    lead: text,
    searchLabel: text,
    near: z.object({ label: text, hint: text }),
    region: z.object({ label: text, any: text, australia: text, newZealand: text }),
    format: z.object({ label: text, any: text, in_person: text, online: text }),
    button: text,
    clear: text,
    errorSummaryTitle: text,
    errorTitlePrefix: text,
    errors: z.object({ unknown: text, too_long: text }),
    choose: z.object({ title: text, hint: text, button: text, other: text }),
    sortedNear: text,
    mapCaption: text,
    mapLabel: text,
    mapCountries: z.object({ AU: text, NZ: text }),
    mapLegend: z.object({ open: text, full: text, forming: text, moved: text }),
    /** A pin's accessible name: "{name}, {status}". */
    mapPin: text,
    mapPinStatus: z.object({ open: text, full: text, forming: text }),
    /** The searched place's marker, for screen readers: "Your search: {place}". */
    mapPlace: text,
    /** Under a map zoomed to a search: "The map shows the area around {place}." and a link to the whole map. */
    mapZoomed: text,
    mapZoomedRegion: text,
    mapWhole: text,
    inPersonHeading: text,
    onlineHeading: text,
    onlineLead: text,
    /** A state or region's heading when the list is grouped by place: NZ regions carry the country's name. */
    regionHeadingNZ: text,
    card: z.object({ area: text, meets: text, next: text, format: text, status: text }),
    count: z.object({ one: text, other: text }),
    noneInPerson: text,
    noneOnline: text,
    filteredOut: text,
    distance: text,
    fullNote: text,
    formingNote: text,
    newsletter: text,
    checkFirst: text,
  }),
  group: z.object({
    description: text,
    whereInPerson: text,
    whereOnline: text,
    facts: z.object({ area: text, format: text, status: text, rhythm: text, plannedRhythm: text, timeZone: text, convenor: text }),
    formats: z.object({ in_person: text, online: text, hybrid: text }),
    statuses: z.object({ open: text, full: text, forming: text }),
    online: text,
    areaNote: text,
    nextHeading: text,
    nextTimes: text,
    calendarLink: text,
    calendarHint: text,
    joinHeading: text,
    joinLead: text,
    fullLead: text,
    check: text,
    ask: text,
    askWaitingList: text,
    formingHeading: text,
    formingText: text,
    formingLink: text,
    closed: text,
    back: text,
    demo: text,
    /** "Details confirmed by the convenor in {month}" (app/freshness). */
    confirmed: text,
    paused: text,
  }),
  /** The pages behind the links in "Is the group still meeting?" emails (app/freshness/freshness.server.ts). */
  check: z.object({
    theGroup: text,
    answers: z.object({ still_meeting: text, paused: text, need_help: text, closing: text }),
    confirm: z.object({
      still_meeting: z.object({ title: text, text, button: text }),
      paused: z.object({ title: text, text, button: text }),
      need_help: z.object({ title: text, text, button: text }),
      closing: z.object({ title: text, text, button: text }),
    }),
    otherAnswer: text,
    listing: text,
    done: z.object({
      still_meeting: z.object({ title: text, text }),
      paused: z.object({ title: text, text }),
      need_help: z.object({ title: text, text }),
      closing: z.object({ title: text, text }),
    }),
    answered: z.object({ title: text, text }),
    expiredNext: text,
  }),
  /** "Your time" beside an online group's meeting times, and the "Show times in" form (app/groups/viewer-zone.server.ts). */
  yourTime: z.object({
    label: text,
    choose: text,
    formLabel: text,
    button: text,
    placeholder: text,
    status: text,
    statusNone: text,
    australia: text,
    newZealand: text,
    elsewhere: text,
    zones: z.record(z.string().refine(isTimeZone, "not a time zone"), text),
  }),
  calendar: z.object({ summary: text, description: text, inPerson: text, online: text, fileName: text, notFound: text, noMeetings: text, methodNotAllowed: text }),
  regions: z.record(z.string(), text),
});

export type GroupsContent = z.infer<typeof GroupsContentSchema>;

const parsed = GroupsContentSchema.safeParse(groupsJson);
if (!parsed.success) throw new Error(`content/groups.json is invalid:\n${z.prettifyError(parsed.error)}`);
export const groupsContent: GroupsContent = parsed.data;

/** "Victoria" for "VIC"; NZ regions are stored by name already. */
export const regionName = (region: string) => groupsContent.regions[region] ?? region;
