import { describe, expect, it } from "vitest";
import { byRegion, byStatusThenName } from "./order";

const g = (name: string, status: "open" | "full" | "forming", region: string, country: "AU" | "NZ" = "AU") => ({ name, status, region, country });
const label = (r: string) => ({ NSW: "New South Wales", ACT: "Australian Capital Territory", VIC: "Victoria" })[r] ?? r;

describe("ordering for Find a group", () => {
  it("open before full before forming, then by name", () => {
    const list = [g("Zed", "full", "NSW"), g("Alpha", "forming", "NSW"), g("Beta", "open", "NSW"), g("Acacia", "open", "NSW")];
    expect([...list].sort(byStatusThenName).map((x) => x.name)).toEqual(["Acacia", "Beta", "Zed", "Alpha"]);
  });

  it("groups by state or region: Australia's by name, then New Zealand's; open first within each", () => {
    const sections = byRegion(
      [g("Newtown", "full", "NSW"), g("Wellington", "open", "Wellington", "NZ"), g("Byron", "open", "NSW"), g("Braddon", "open", "ACT"), g("Auckland", "open", "Auckland", "NZ"), g("Carlton", "forming", "VIC")],
      label,
    );
    expect(sections.map((s) => s.region)).toEqual(["ACT", "NSW", "VIC", "Auckland", "Wellington"]);
    expect(sections[1]!.groups.map((x) => x.name)).toEqual(["Byron", "Newtown"]);
  });
});
