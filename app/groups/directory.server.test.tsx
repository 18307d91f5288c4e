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
import { LAYOUT_WIDTHS, PIN_SEPARATION, type LayoutName } from "../map/constants";
import { directoryData, directoryPage, resolvePlace } from "./directory.server";
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
    expect(anz.next?.groupTime).toBe("Thu 12 Mar, 8:30 pm (New Zealand time)");
    expect(anz.next?.yourTime.text).toBe("Thu 12 Mar, 3:30 pm (Perth time)");

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

  it("with no place, lists in-person groups under a heading per state or region, open before full before forming", () => {
    const p = page();
    expect(p.inPersonSections.map((s) => s.heading)).toEqual([
      "Australian Capital Territory",
      "New South Wales",
      "Queensland",
      "South Australia",
      "Tasmania",
      "Victoria",
      "Western Australia",
      "Auckland, Aotearoa New Zealand",
      "Canterbury, Aotearoa New Zealand",
      "Wellington, Aotearoa New Zealand",
    ]);
    expect(p.inPersonSections[1]!.cards.map((c) => [c.slug, c.status])).toEqual([
      ["northern-rivers", "open"],
      ["sydney-inner-west", "full"],
    ]);
    expect(p.inPerson.map((c) => c.slug)).toEqual(p.inPersonSections.flatMap((s) => s.cards.map((c) => c.slug)));
    // A search by place is one list, nearest first.
    expect(page("?near=6160").inPersonSections.map((s) => s.heading)).toEqual([null]);
  });

  it("online groups: the next meeting in the group's zone and in the zone the visitor chose, or none yet", () => {
    const url = new URL("http://x/groups");
    const now = new Date("2026-03-01T00:00:00Z");
    const london = directoryPage(db, url, { now, viewer: { zone: "Europe/London", source: "choice" } });
    const anz = london.online.find((g) => g.slug === "anz-evenings")!;
    expect(anz.next?.yourTime).toEqual({ start: "2026-03-12T07:30:00.000Z", end: null, text: "Thu 12 Mar, 7:30 am (London time)" });
    const none = directoryPage(db, url, { now });
    expect(none.online.every((g) => g.next?.yourTime.text === null)).toBe(true);
    // In-person groups have no "your time".
    expect(none.inPerson.every((g) => g.next === null)).toBe(true);
  });

  it("places one pin per in-person group, no two closer than a 24 px target allows in either layout", () => {
    for (const qs of ["", "?near=3065", "?near=2480", "?region=NSW"]) {
      const { pins, view } = page(qs).map;
      if (!qs) expect(pins).toHaveLength(11);
      for (const layout of Object.keys(LAYOUT_WIDTHS) as LayoutName[]) {
        const w = LAYOUT_WIDTHS[layout];
        const h = (w * view.h) / view.w;
        const px = (p: (typeof pins)[number]) => [(p.at[layout].left / 100) * w, (p.at[layout].top / 100) * h] as const;
        for (const a of pins)
          for (const b of pins) {
            if (a === b) continue;
            const [ax, ay] = px(a);
            const [bx, by] = px(b);
            expect(Math.hypot(ax - bx, ay - by), `${qs} ${layout} ${a.slug}–${b.slug}`).toBeGreaterThanOrEqual(PIN_SEPARATION - 0.3);
          }
        // Every pin on the map, none off its edge.
        for (const p of pins) {
          const [x, y] = px(p);
          expect(x >= 13 && x <= w - 13 && y >= 13 && y <= h - 13, `${qs} ${layout} ${p.slug} inside`).toBe(true);
        }
      }
    }
  });

  it("zooms to a searched place and its nearest group, and marks the place; ?map=all shows everything", () => {
    const near = page("?near=3065");
    expect(near.map.zoom).toBe("place");
    expect(near.map.view.w).toBeLessThan(200);
    expect(near.map.place?.label).toMatch(/^Your search: .*VIC 3065$/);
    expect(near.map.pins.map((p) => p.slug)).toContain("melbourne-inner-north");
    expect(near.map.pins.map((p) => p.slug)).not.toContain("perth-fremantle");
    const whole = page("?near=3065&map=all");
    expect(whole.map.zoom).toBeNull();
    expect(whole.map.view).toEqual({ x: 0, y: 0, w: 600, h: whole.map.view.h });
    expect(whole.map.place).not.toBeNull();
    expect(whole.map.pins).toHaveLength(11);
    // A region filter zooms to the region.
    expect(page("?region=TAS").map.zoom).toBe("region");
    const data = directoryData(db, "http://x/groups?near=3065", { now: new Date("2026-03-01T00:00:00Z") });
    expect(data.mapCopy.whole?.href).toBe("/groups?near=3065&map=all");
  });

  it("renders a map under 60 KB gzipped, each pin a link named after its group and its status", () => {
    const p = page();
    const c = groupsContent.directory;
    const html = renderToStaticMarkup(
      <GroupMap map={p.map} copy={{ label: c.mapLabel, caption: c.mapCaption, legend: c.mapLegend, zoomed: null, whole: null }} />,
    );
    const gzip = zlib.gzipSync(html).length;
    expect(gzip).toBeLessThan(60 * 1024);
    expect(html).toMatch(/<a href="\/groups\/perth-fremantle" class="group-map__pin group-map__pin--open" style="[^"]*" data-pin="perth-fremantle"><span class="visually-hidden">Perth, open<\/span><\/a>/);
    expect(html).toContain("Sydney Inner West, full, waiting list open");
    expect(html).not.toMatch(/<svg[^>]* width=/);
    console.info(`map: ${html.length} bytes, ${gzip} gzip`);
  });
});
