import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { seedDemoData } from "../seed";
import { getGroupBySlug } from "./groups";
import {
  confirmedSubscribers,
  confirmNewsletterSignup,
  getSubscriber,
  qualifiesForWaitingList,
  requestNewsletterSignup,
  unsubscribeNewsletter,
  waitingListFor,
  type NewsletterSignup,
} from "./newsletter";

let db: DB;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-newsletter-")), "t.db"));
  migrate(db);
  seedDemoData(db);
});

const NOW = new Date("2026-05-01T00:00:00.000Z");
const LATER = new Date("2026-05-02T00:00:00.000Z");
/** Christchurch 8011, wanting in person within 25 km: no group nearby (Christchurch is forming). */
const christchurch: NewsletterSignup = {
  email: "Kiri@Example.com",
  interests: ["new_groups"],
  country: "NZ",
  place: "Christchurch Central, Canterbury 8011",
  areaId: "nz-8011",
  lat: -43.531,
  lon: 172.637,
  distanceKm: 25,
  acceptsOnline: false,
  outcome: "newsletter",
  reasons: ["no_group_nearby"],
  ruleVersion: "t",
};
const noWizard: NewsletterSignup = { ...christchurch, country: null, place: null, areaId: null, lat: null, lon: null, distanceKm: null, acceptsOnline: null, outcome: null, reasons: null, ruleVersion: null };

describe("double opt-in", () => {
  it("stores a new address unconfirmed; only confirmed addresses count", () => {
    const { id, pending } = requestNewsletterSignup(db, christchurch, NOW);
    expect(pending).toBeNull();
    expect(getSubscriber(db, id)).toMatchObject({ email: "kiri@example.com", confirmedAt: null, waitingSince: NOW.toISOString() });
    expect(confirmedSubscribers(db)).toEqual([]);
    expect(confirmNewsletterSignup(db, id, null, LATER)).toBe(true);
    expect(confirmedSubscribers(db).map((s) => s.email)).toEqual(["kiri@example.com"]);
    expect(confirmedSubscribers(db, { interest: "new_groups" })).toHaveLength(1);
    expect(confirmedSubscribers(db, { interest: "training_events" })).toEqual([]);
  });

  it("does not let the form change a confirmed subscription until the new preferences are confirmed", () => {
    const { id } = requestNewsletterSignup(db, christchurch, NOW);
    confirmNewsletterSignup(db, id, null, NOW);
    const again = requestNewsletterSignup(db, { ...noWizard, interests: ["training_events"] }, LATER);
    expect(again.id).toBe(id);
    expect(again.pending?.interests).toEqual(["training_events"]);
    expect(getSubscriber(db, id)).toMatchObject({ interests: ["new_groups"], confirmedAt: NOW.toISOString() });
    confirmNewsletterSignup(db, id, again.pending, LATER);
    const s = getSubscriber(db, id)!;
    // Interests change; the area is kept (signed up again without answering the questions); still confirmed since NOW.
    expect(s).toMatchObject({ interests: ["training_events"], place: christchurch.place, confirmedAt: NOW.toISOString(), waitingSince: null });
  });

  it("unsubscribes without a login, idempotently, and a new sign-up must be confirmed again", () => {
    const { id } = requestNewsletterSignup(db, christchurch, NOW);
    confirmNewsletterSignup(db, id, null, NOW);
    expect(unsubscribeNewsletter(db, id, LATER)).toBe("unsubscribed");
    expect(unsubscribeNewsletter(db, id, LATER)).toBe("already");
    expect(unsubscribeNewsletter(db, 999, LATER)).toBe("unknown");
    expect(confirmedSubscribers(db)).toEqual([]);
    expect(requestNewsletterSignup(db, christchurch, LATER).pending).toBeNull();
    expect(getSubscriber(db, id)).toMatchObject({ confirmedAt: null, unsubscribedAt: null });
    expect(confirmedSubscribers(db)).toEqual([]);
  });
});

describe("waiting list", () => {
  it("needs new_groups, a reason that means 'fits but no group', and somewhere to look", () => {
    const base = { interests: ["new_groups"], reasons: ["no_group_nearby"], lat: -43.5, lon: 172.6, distanceKm: 25, acceptsOnline: false };
    expect(qualifiesForWaitingList(base)).toBe(true);
    expect(qualifiesForWaitingList({ ...base, interests: ["training_events"] })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, reasons: ["not_practising"] })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, lat: null, lon: null, distanceKm: null })).toBe(false);
    expect(qualifiesForWaitingList({ ...base, reasons: ["outside_region"], lat: null, lon: null, distanceKm: null, acceptsOnline: true })).toBe(true);
  });

  it("finds confirmed people within their distance of an in-person group, and online people for online groups", () => {
    const christchurchGroup = getGroupBySlug(db, "christchurch-central")!;
    const near = requestNewsletterSignup(db, christchurch, NOW).id;
    const tooFar = requestNewsletterSignup(db, { ...christchurch, email: "far@example.com", lat: -43.9, lon: 171.75, distanceKm: 10 }, NOW).id; // Ashburton, ~80 km
    const online = requestNewsletterSignup(db, { ...christchurch, email: "abroad@example.com", country: "other", lat: null, lon: null, distanceKm: null, acceptsOnline: true, reasons: ["outside_region"] }, NOW).id;
    const unconfirmed = requestNewsletterSignup(db, { ...christchurch, email: "later@example.com" }, NOW).id;
    const notWaiting = requestNewsletterSignup(db, { ...christchurch, email: "training@example.com", interests: ["training_events"] }, NOW).id;
    for (const id of [near, tooFar, online, notWaiting]) confirmNewsletterSignup(db, id, null, NOW);
    void unconfirmed;

    const inPerson = waitingListFor(db, christchurchGroup);
    expect(inPerson.map((m) => [m.subscriber.id, m.how])).toEqual([[near, "in_person"]]);
    expect(inPerson[0]!.km).toBeLessThan(1);

    const onlineGroup = { format: "online" as const, lat: null, lon: null };
    expect(waitingListFor(db, onlineGroup).map((m) => [m.subscriber.id, m.how])).toEqual([[online, "online"]]);

    const hybrid = { ...christchurchGroup, format: "hybrid" as const };
    expect(waitingListFor(db, hybrid).map((m) => [m.subscriber.id, m.how])).toEqual([
      [near, "in_person"],
      [online, "online"],
    ]);

    unsubscribeNewsletter(db, near, LATER);
    expect(waitingListFor(db, christchurchGroup)).toEqual([]);
  });
});
