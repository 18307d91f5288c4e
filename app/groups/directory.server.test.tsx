import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { loadGazetteer } from "../../db/gazetteer";
import { migrate } from "../../db/migrate";
import { setGroupStatus } from "../../db/queries/groups";
import { seedDemoData } from "../../db/seed";
import { GroupMap } from "../components/group-map";
import { PIN_SEPARATION } from "../map/constants";
import { directoryPage, resolvePlace } from "./directory.server";
import { groupsContent } from "./content.server";

let db: DB;
beforeAll(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-directory-")), "t.db"));
  migrate(db);
  loadGazetteer(db);
  seedDemoData(db);
});

const page = (qs = "") => directoryPage(db, new URL(`http://x/groups${qs}`), new Date("2026-03-01T00:00:00Z"));

describe("places", () => {
  it("a postcode anywhere in AU or NZ resolves to one area", () => {
    const r = resolvePlace(db, { near: "6160", areaId: "" });
    expect(r.kind).toBe("found");
    expect(r.kind === "found" && r.area.name).toBe("Fremantle");
  });

  it("several places with one name become a choice across both countries", () => {
    const r = resolvePlace(db, { near: "Richmond", areaId: "" });
    expect(r.kind).toBe("choose");
    const labels = r.kind === "choose" ? r.candidates.map((c) => c.label) : [];
    expect(labels.some((l) => l.includes("VIC"))).toBe(true);
    expect(labels.some((l) => l.endsWith("NZ"))).toBe(true);
    const chosen = r.kind === "choose" ? r.candidates.find((c) => c.label.includes("TAS"))! : null;
    const found = resolvePlace(db, { near: "Richmond", areaId: chosen!.id });
    expect(found.kind === "found" && found.area.region).toBe("TAS");
  });

  it("unknown or overlong places are errors that keep what was typed", () => {
    expect(resolvePlace(db, { near: "Atlantis Under The Sea", areaId: "" })).toEqual({ kind: "error", code: "unknown" });
    expect(resolvePlace(db, { near: "x".repeat(121), areaId: "" })).toEqual({ kind: "error", code: "too_long" });
    expect(page("?near=Atlantis").query.near).toBe("Atlantis");
  });
});

describe("directoryPage", () => {
  it("lists open, full and forming groups, hides closed ones, and sorts by distance from the place", () => {
    const p = page("?near=6160");
    expect(p.inPerson[0]!.slug).toBe("perth-fremantle");
    expect(p.inPerson.map((g) => g.distanceKm)).toEqual([...p.inPerson.map((g) => g.distanceKm)].sort((a, b) => a! - b!));
    expect(p.inPerson.map((g) => g.status)).toEqual(expect.arrayContaining(["open", "full", "forming"]));
    expect(p.online.map((g) => g.slug).sort()).toEqual(["anz-evenings", "west-and-asia-daytime"]);
    // Online times in the group's zone and in the visitor's (Perth, from the place).
    const anz = p.online.find((g) => g.slug === "anz-evenings")!;
    expect(anz.nextMeeting?.viewerZone).toBe("Perth time");

    setGroupStatus(db, "hobart", "closed");
    try {
      expect(page().inPerson.map((g) => g.slug)).not.toContain("hobart");
      expect(page().map.pins.map((p) => p.slug)).not.toContain("hobart");
    } finally {
      setGroupStatus(db, "hobart", "open");
    }
  });

  it("filters by state or region and by format; unknown values are ignored", () => {
    expect(page("?region=NSW").inPerson.map((g) => g.slug).sort()).toEqual(["northern-rivers", "sydney-inner-west"]);
    expect(page("?region=NSW").online.length).toBe(2);
    expect(page("?format=online").inPerson).toEqual([]);
    expect(page("?format=in_person").online).toEqual([]);
    expect(page("?region=Atlantis&format=bogus").inPerson.length).toBe(11);
    expect(page("?region=Canterbury").map.highlight).toMatch(/^M/);
  });

  it("places one pin per in-person group, no two closer than a 24 px target allows", () => {
    const { pins } = page().map;
    expect(pins).toHaveLength(11);
    for (const a of pins) for (const b of pins) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(PIN_SEPARATION - 0.2);
  });

  it("renders a map under 60 KB gzipped, each pin a link named after its group", () => {
    const p = page();
    const c = groupsContent.directory;
    const svg = renderToStaticMarkup(<GroupMap map={p.map} label={c.mapLabel} caption={c.mapCaption} scrollHint={c.mapScroll} legend={c.mapLegend} />);
    const gzip = zlib.gzipSync(svg).length;
    expect(gzip).toBeLessThan(60 * 1024);
    expect(svg).toContain('<a href="/groups/perth-fremantle" class="group-map__pin group-map__pin--open" aria-label="Perth"');
    console.info(`map: ${svg.length} bytes, ${gzip} gzip`);
  });
});
