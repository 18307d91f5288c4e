import { data } from "@remix-run/node";
import { MULTI_VALUE_FIELDS } from "./schemas";

/** The most a form body may be, however it is sent (the server refuses larger Content-Lengths earlier). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Up to this much of an oversized body is read and dropped before answering 413. */
export const MAX_DRAIN_BYTES = 4 * 1024 * 1024;

/** Longest value echoed back into a form after an error (what was typed is kept, within reason). */
const ECHO_MAX = 1_000;

export type RawForm = Record<string, string | string[]>;

/**
 * Reads a urlencoded or multipart body into plain strings. Files are
 * ignored; a body that cannot be parsed is a 400 with a plain message.
 */
export async function readForm(request: Request): Promise<RawForm> {
  // Read at most MAX_FORM_BYTES, also for bodies sent without a Content-Length.
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_FORM_BYTES) {
        // Read (and drop) a moderate excess so the client sees our answer rather than a reset connection.
        while (size <= MAX_DRAIN_BYTES) {
          const next = await reader.read();
          if (next.done) break;
          size += next.value.byteLength;
        }
        await reader.cancel().catch(() => undefined);
        throw data({ message: "That was more than this form accepts. Please shorten your answer and try again." }, { status: 413 });
      }
      chunks.push(value);
    }
  }
  let form: Pick<FormData, "keys" | "getAll" | "has"> | URLSearchParams;
  try {
    const body = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      body.set(c, offset);
      offset += c.byteLength;
    }
    const type = request.headers.get("Content-Type") ?? "";
    // What every form on the site sends; anything else (multipart) goes through the Fetch API's parser.
    form = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)
      ? new URLSearchParams(new TextDecoder().decode(body))
      : await new Response(body, { headers: { "Content-Type": type } }).formData();
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
