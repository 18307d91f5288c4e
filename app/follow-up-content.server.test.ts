import { describe, expect, it } from "vitest";
import emailJson from "../content/email.json";
import followUpJson from "../content/follow-up.json";
import { renderEmail } from "./email/render.server";
import { FollowUpContentSchema, followUpContent } from "./follow-up-content.server";

const VARS: Record<string, Record<string, string | number>> = {
  "newsletter.confirm": { confirmUrl: "https://x.example/c", days: 7 },
  "newsletter.groupOpen.inPerson": { group: "G", suburb: "S", region: "R", km: 3, place: "P", rhythm: "Monthly", checkUrl: "https://x.example/e" },
  "newsletter.groupOpen.online": { group: "G", rhythm: "Monthly", checkUrl: "https://x.example/e" },
  "wizard.resume": { resumeUrl: "https://x.example/r", days: 7 },
  "recheck.set": { months: 3, dueDate: "May 2026", cancelUrl: "https://x.example/x" },
  "recheck.reminder": { months: 3, checkUrl: "https://x.example/e", cancelUrl: "https://x.example/x" },
};

describe("follow-up copy and emails", () => {
  it("validates, and rejects a missing key", () => {
    expect(followUpContent.newsletter.confirm.button).toBeTruthy();
    const broken = structuredClone(followUpJson) as { recheck: { months: { options: Record<string, unknown> } } };
    delete broken.recheck.months.options["6"];
    expect(FollowUpContentSchema.safeParse(broken).success).toBe(false);
  });

  it("renders every template with exactly the values the code gives it, with no tracking", () => {
    for (const [kind, vars] of Object.entries(VARS)) {
      const e = renderEmail(kind, vars);
      expect(e.subject, kind).toBeTruthy();
      expect(e.text, kind).not.toMatch(/\{\w+\}/);
      expect(e.html, kind).not.toMatch(/<img|<script/i);
    }
  });

  it("writes Australian English", () => {
    const all = JSON.stringify(followUpJson) + JSON.stringify(emailJson.templates);
    expect(all).not.toMatch(/\b(organization|color|center|kilometers|learned|canceled)\b/i);
  });
});
