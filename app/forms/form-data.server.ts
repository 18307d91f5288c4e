import { data } from "@remix-run/node";
import { MULTI_VALUE_FIELDS } from "./fields";

/** The most a form body may be, however it is sent (the server refuses larger Content-Lengths earlier). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Up to this much of an oversized body is read and dropped before answering 413. */
export const MAX_DRAIN_BYTES = 4 * 1024 * 1024;

/** Longest value echoed back into a form after an error (what was typed is kept, within reason). */
const ECHO_MAX = 1_000;

/**
 * The most fields a body may hold (`&`-separated pairs, or multipart parts).
 * Our largest form has a few dozen; more is refused with 413 before any
 * parsing work, however small the body.
 */
export const MAX_FORM_FIELDS = 300;

const TOO_MANY_FIELDS = "That form had far more fields than any of ours. Please go back and try again.";

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
  const body = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  const type = request.headers.get("Content-Type") ?? "";
  // What every form on the site sends; anything else (multipart) goes through the Fetch API's parser.
  const urlencoded = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type);
  if (fieldCount(body, urlencoded ? null : boundaryOf(type)) > MAX_FORM_FIELDS) throw data({ message: TOO_MANY_FIELDS }, { status: 413 });
  let form: Pick<FormData, "keys" | "getAll" | "has"> | URLSearchParams;
  try {
    form = urlencoded ? new URLSearchParams(new TextDecoder().decode(body)) : await new Response(body, { headers: { "Content-Type": type } }).formData();
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

/** A multipart body's boundary, from its Content-Type (quoted or not), or null. */
function boundaryOf(type: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(type);
  return m ? (m[1] ?? m[2])! : null;
}

/**
 * How many fields a body holds, counted on its bytes before anything is
 * parsed: `&` separators plus one (urlencoded), or `--boundary` delimiters
 * (multipart: parts plus the closing one, near enough). Without a boundary
 * the body is not a form we can read, and the parser says so.
 */
function fieldCount(body: Uint8Array, boundary: string | null): number {
  if (!body.byteLength) return 0;
  if (boundary === null) {
    let n = 1;
    for (const byte of body) if (byte === 0x26) n++;
    return n;
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let n = 0;
  for (let at = bytes.indexOf(delimiter); at !== -1; at = bytes.indexOf(delimiter, at + delimiter.length)) n++;
  return n;
}

/** The fields of one form: a zod object schema (its keys) or a list of names. */
export type FormFields = { readonly shape: Readonly<Record<string, unknown>> } | readonly string[];

/**
 * What was typed into the form's own fields, trimmed to a sane size, for
 * re-displaying it after an error. Nothing else that was posted comes back:
 * a reply echoes what we asked, not what was sent.
 */
export function echo(raw: RawForm, ...forms: [FormFields, ...FormFields[]]): RawForm {
  const out: RawForm = {};
  for (const form of forms) {
    for (const k of Array.isArray(form) ? (form as readonly string[]) : Object.keys((form as { shape: object }).shape)) {
      const v = Object.hasOwn(raw, k) ? raw[k] : undefined;
      if (v === undefined) continue;
      out[k] = Array.isArray(v) ? v.slice(0, 10).map((s) => s.slice(0, 100)) : v.slice(0, ECHO_MAX);
    }
  }
  return out;
}

/**
 * One field of a posted form (a link's token, say), or null when the body is
 * not a form we can read. A body past our limits is still refused with 413.
 */
export async function readFormField(request: Request, name: string): Promise<string | null> {
  try {
    return field(await readForm(request), name) ?? null;
  } catch (error) {
    if (typeof error === "object" && error !== null && "init" in error && (error.init as ResponseInit | null)?.status === 413) throw error;
    return null;
  }
}

export function field(raw: RawForm, key: string): string | undefined {
  const v = raw[key];
  return typeof v === "string" ? v : undefined;
}
