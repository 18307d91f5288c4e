/**
 * Every kind of email has its own cap: each template in content/email.json
 * has an entry in RECIPIENT_CAPS (and no entry names a kind that does not
 * exist), and every kind the code queues, read from the source, is one of
 * them. A new kind of email fails here until it is given a cap.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import emailJson from "../../content/email.json";
import { capFor, RECIPIENT_CAPS } from "./recipient-caps";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TEMPLATES = Object.keys(emailJson.templates).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

/** `kind: "…"` and `kind: \`…${x}…\`` values of the emails queued in the app, the server, the scripts and db/ (not tests). */
function queuedKinds(): { literal: Set<string>; patterns: Set<string> } {
  const literal = new Set<string>();
  const patterns = new Set<string>();
  for (const file of ["app", "server", "scripts", "db"].flatMap((d) => sources(path.join(ROOT, d)))) {
    const text = readFileSync(file, "utf8");
    if (!/queueEmail\(|enqueueEmail\(/.test(text)) continue;
    for (const m of text.matchAll(/\bkind:\s*(?:"([a-z]+\.[\w.]+)"|`([a-z]+\.[\w.]*\$\{[^`]*)`)/g)) {
      if (m[1]) literal.add(m[1]);
      if (m[2]) patterns.add(m[2]);
    }
    // Kinds chosen by a condition: `kind: a ? "x.y" : "x.z"`.
    for (const m of text.matchAll(/\bkind:[^,\n]*\?\s*"([a-z]+\.[\w.]+)"\s*:\s*"([a-z]+\.[\w.]+)"/g)) { literal.add(m[1]!); literal.add(m[2]!); }
  }
  return { literal, patterns };
}

describe("recipient caps", () => {
  it("every kind of email (a template in content/email.json) has its own entry, and every entry is a kind", () => {
    expect(Object.keys(RECIPIENT_CAPS).sort()).toEqual(TEMPLATES);
    for (const [kind, cap] of Object.entries(RECIPIENT_CAPS)) {
      expect(cap.perHour, kind).toBeGreaterThan(0);
      expect(cap.perDay, kind).toBeGreaterThanOrEqual(cap.perHour);
    }
  });

  it("every kind the code queues is a template with a cap, and each dynamic kind matches at least one", () => {
    const { literal, patterns } = queuedKinds();
    // The scan finds the emails people ask for by typing an address, and the notices.
    for (const k of ["wizard.resume", "recheck.set", "join.receipt", "newsletter.confirm", "contact.ack", "privacy.link", "auth.code", "join.convenor", "freshness.needHelp", "freshness.closing"]) expect(literal).toContain(k);
    for (const kind of literal) expect(TEMPLATES, kind).toContain(kind);
    for (const pattern of patterns) {
      const re = new RegExp(`^${pattern.replace(/\./g, "\\.").replace(/\$\{[^}]*\}/g, "[\\w.]+")}$`);
      expect(TEMPLATES.filter((t) => re.test(t)).length, pattern).toBeGreaterThan(0);
    }
  });

  it("a kind with no entry is capped as tightly as an email anyone can ask for", () => {
    expect(capFor("no.such.kind")).toEqual(RECIPIENT_CAPS["wizard.resume"]);
    expect(capFor("toString")).toEqual(RECIPIENT_CAPS["wizard.resume"]);
  });
});
