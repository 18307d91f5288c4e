/**
 * Copy for the staff back office (content/staff.json). Its keys are checked
 * by TypeScript (the JSON's own type) wherever the code reads them, and every
 * text is checked non-empty when this module loads.
 */
import staffJson from "../../content/staff.json";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function emptyTexts(value: Json, path: string, out: string[]): string[] {
  if (typeof value === "string") {
    if (!value.trim()) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => emptyTexts(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) emptyTexts(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

export function checkContent<T>(json: T, file: string): T {
  const empty = emptyTexts(json as Json, "", []);
  if (empty.length) throw new Error(`${file} has empty texts: ${empty.join(", ")}`);
  return json;
}

export const staffContent = checkContent(staffJson, "content/staff.json");
export type StaffContent = typeof staffJson;
