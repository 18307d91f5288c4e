import { data } from "@remix-run/node";
import { MULTI_VALUE_FIELDS } from "./schemas";

/** Longest value echoed back into a form after an error (what was typed is kept, within reason). */
const ECHO_MAX = 1_000;

export type RawForm = Record<string, string | string[]>;

/**
 * Reads a urlencoded or multipart body into plain strings. Files are
 * ignored; a body that cannot be parsed is a 400 with a plain message.
 */
export async function readForm(request: Request): Promise<RawForm> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data({ message: "We could not read that form. Please go back and try again." }, { status: 400 });
  }
  const out: RawForm = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (MULTI_VALUE_FIELDS.has(key)) out[key] = values;
    else if (values.length > 0) out[key] = values[0]!;
  }
  for (const key of MULTI_VALUE_FIELDS) if (!(key in out) && form.has(key) === false) out[key] = [];
  return out;
}

/** The submitted values, trimmed to a sane size, for re-displaying the form. */
export function echo(raw: RawForm): RawForm {
  const out: RawForm = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.length > 50) continue;
    out[k] = Array.isArray(v) ? v.slice(0, 10).map((s) => s.slice(0, 100)) : v.slice(0, ECHO_MAX);
  }
  return out;
}

export function field(raw: RawForm, key: string): string | undefined {
  const v = raw[key];
  return typeof v === "string" ? v : undefined;
}
