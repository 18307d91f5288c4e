import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { seedDemoData } from "../seed";
import { countDemoGroups, findGroupsNear, getGroupBySlug, insertGroup, listOnlineGroups, setGroupStatus } from "./groups";

const BRUNSWICK = { lat: -37.7667, lon: 144.96 };
const NEWTOWN = { lat: -33.8983, lon: 151.1781 };

let db: DB;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-groups-")), "t.db"));
  migrate(db);
});

describe("migrations and demo data", () => {
  it("applies migrations once", () => {
    expect(migrate(db)).toEqual([]);
  });

  it("seeds the demo groups once, and removed ones stay removed", () => {
    expect(seedDemoData(db).groups).toBe(13);
    expect(seedDemoData(db).groups).toBe(0);
    db.prepare("DELETE FROM groups WHERE slug = 'hobart'").run();
    expect(seedDemoData(db).groups).toBe(0);
    expect(countDemoGroups(db)).toBe(12);
    expect(getGroupBySlug(db, "hobart")).toBeUndefined();
  });

  it("uses WAL journaling", () => {
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });
});

describe("findGroupsNear", () => {
  beforeEach(() => {
    seedDemoData(db);
  });

  it("finds the nearest in-person group with its great-circle distance", () => {
    const [first] = findGroupsNear(db, BRUNSWICK, 10);
    expect(first?.slug).toBe("melbourne-inner-north");
    expect(first?.distanceKm).toBeLessThan(0.5);
  });

  it("honours the distance", () => {
    // Newtown (full) is about 1.9 km from Sydney's CBD and 700 km from Melbourne.
    expect(findGroupsNear(db, { lat: -33.8688, lon: 151.2093 }, 10).map((g) => g.slug)).toEqual(["sydney-inner-west"]);
    expect(findGroupsNear(db, { lat: -33.8688, lon: 151.2093 }, 1)).toEqual([]);
  });

  it("lists open groups before full ones, each nearest first", () => {
    insertGroup(db, {
      slug: "marrickville",
      name: "Marrickville",
      suburb: "Marrickville",
      region: "NSW",
      country: "AU",
      lat: -33.9111,
      lon: 151.1552,
      format: "in_person",
      status: "open",
      capacity: 10,
      rhythm: { frequency: "weekly", weekday: 1, start: "18:00", end: "19:30" },
      timeZone: "Australia/Sydney",
      convenorFirstName: "Ana",
      convenorEmail: "ana@example.org",
    });
    const slugs = findGroupsNear(db, NEWTOWN, 25).map((g) => g.slug);
    expect(slugs).toEqual(["marrickville", "sydney-inner-west"]);
  });

  it("never matches forming or closed groups", () => {
    expect(findGroupsNear(db, { lat: -43.532, lon: 172.6366 }, 25)).toEqual([]);
    setGroupStatus(db, "melbourne-inner-north", "closed");
    expect(findGroupsNear(db, BRUNSWICK, 25)).toEqual([]);
  });

  it("lists online groups apart, without a distance", () => {
    const online = listOnlineGroups(db);
    expect(online.map((g) => g.slug).sort()).toEqual(["anz-evenings", "west-and-asia-daytime"]);
    expect(online.every((g) => g.distanceKm === null)).toBe(true);
  });

  it("measures distance between nearby cities correctly", () => {
    // Fremantle from Perth's CBD: about 15 km south-west.
    const [g] = findGroupsNear(db, { lat: -31.9523, lon: 115.8613 }, 25);
    expect(g?.slug).toBe("perth-fremantle");
    expect(g!.distanceKm!).toBeGreaterThan(14);
    expect(g!.distanceKm!).toBeLessThan(17);
  });
});
