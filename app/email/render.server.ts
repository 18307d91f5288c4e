/**
 * Emails are written in content/email.json as plain text with {placeholders}.
 * The HTML part is made from the same text (paragraphs, bullet lines and
 * links), escaped, with no images and no tracking.
 *
 * A placeholder's value is one of three kinds, and the code that fills it
 * says which, so a template (today's or a future one) has nothing to forget:
 *
 * - **a link of ours**: a value whose key ends in `Url` (built with link()
 *   from APP_URL, or the unsubscribe URL). The only thing that ever becomes
 *   an `<a>`: a web address anywhere else stays text.
 * - **text of ours**: any other value (group names, dates, phrases from
 *   `parts`). Escaped.
 * - **text a person wrote** (an applicant's name and note, a convenor's
 *   message): passed in through writtenBy(), which marks each key with its
 *   author. Control and bidi characters removed, escaped, never linked, and
 *   defanged (app/utils/plain-text.ts: `https[:]//evil[.]example`) so that
 *   mail clients, which link addresses in plain text on their own, do not
 *   link it either. A placeholder that is a paragraph on its own is shown as
 *   a quote under a label saying who wrote it (`quoteLabels`): a
 *   `<blockquote>` in the HTML part, "> " lines in the text part. Anywhere
 *   else ("Hello {name},", a subject) it is one line.
 *
 * The subject and every header value go through headerValue(): one line, no
 * control or bidi characters, capped.
 */
import * as z from "zod";
import emailJson from "../../content/email.json";
import { defang, plainLine, plainLines } from "../utils/plain-text";

/** Who can write text that goes into our emails as they wrote it. */
export const AUTHORS = ["applicant", "convenor", "venue"] as const;
export type Author = (typeof AUTHORS)[number];

const Template = z.object({ subject: z.string().min(1), text: z.string().min(1) });
export const EmailContentSchema = z.object({
  signature: z.string().min(1),
  newsletterFooter: z.string().includes("{unsubscribeUrl}"),
  /** Short phrases some emails are built from (fallbacks, optional sentences), by key such as `join.noNote`. */
  parts: z.record(z.string(), z.string()).default({}),
  /** The line above a quote of text a person wrote, by author; it may use the email's placeholders. */
  quoteLabels: z.record(z.enum(AUTHORS), z.string().min(1)),
  templates: z.record(z.string(), Template),
});
export type EmailContent = z.infer<typeof EmailContentSchema>;

export const emailContent: EmailContent = (() => {
  const r = EmailContentSchema.safeParse(emailJson);
  if (!r.success) throw new Error(`content/email.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
})();

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export type EmailVars = Record<string, string | number>;

/** Marks a key as person-written: `<key>:writtenBy` holds the author. No placeholder can name it (placeholders are \w+). */
const WRITTEN_BY = ":writtenBy";

/**
 * Values a person wrote, for a template's vars: `{ ...vars, ...writtenBy("applicant", { name, note }) }`.
 * Each keeps its key, and is rendered as text a person wrote wherever a template puts it.
 */
export function writtenBy(author: Author, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = value;
    out[`${key}${WRITTEN_BY}`] = author;
  }
  return out;
}

export const SUBJECT_MAX = 200;
const HEADER_MAX = 900;

/** A header value: one line, no control, bidi or invisible characters, white space collapsed, at most `max` characters. */
export function headerValue(value: string, max = HEADER_MAX): string {
  const line = plainLine(value);
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

type Slot = { kind: "url"; url: string } | { kind: "person"; author: Author; text: string };

/**
 * Filled text holds a link or a person's words as `\u0000<n>\u0000`, a
 * reference to its slot: our own text has its control characters removed
 * first, so nothing else can look like one.
 */
const SLOT = /\u0000(\d+)\u0000/g;
const SLOT_ALONE = /^\u0000(\d+)\u0000$/;
const OUR_CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
/** An absolute http(s) URL with nothing in it that could end an attribute or a line. */
const LINKABLE = /^https?:\/\/[^\s<>"'`\u0000-\u001F\u007F-\u009F]+$/;

const ours = (s: string) => s.replace(OUR_CONTROLS, "");

class Filler {
  readonly slots: Slot[] = [];
  private readonly authors = new Map<string, Author>();

  constructor(
    private readonly kind: string,
    private readonly vars: EmailVars,
  ) {
    for (const [key, value] of Object.entries(vars)) {
      if (!key.endsWith(WRITTEN_BY)) continue;
      const name = key.slice(0, -WRITTEN_BY.length);
      if (!(AUTHORS as readonly string[]).includes(String(value))) throw new Error(`email "${kind}": unknown author ${JSON.stringify(value)} for {${name}}`);
      if (!Object.hasOwn(vars, name)) throw new Error(`email "${kind}": {${name}} is marked as written by someone but has no value`);
      this.authors.set(name, value as Author);
    }
  }

  private slot(s: Slot): string {
    this.slots.push(s);
    return `\u0000${this.slots.length - 1}\u0000`;
  }

  /** The template with each placeholder filled, links and people's words as slots. Every placeholder must have a value. */
  fill(template: string, extra: EmailVars = {}): string {
    return ours(template).replace(/\{(\w+)\}/g, (_m, key: string) => {
      const from = Object.hasOwn(extra, key) ? extra : Object.hasOwn(this.vars, key) ? this.vars : undefined;
      if (!from) throw new Error(`email "${this.kind}" needs a value for {${key}}`);
      const value = String(from[key]);
      const author = from === this.vars ? this.authors.get(key) : undefined;
      if (author) return this.slot({ kind: "person", author, text: value });
      if (key.endsWith("Url") && LINKABLE.test(value)) return this.slot({ kind: "url", url: value });
      return ours(value);
    });
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A person's words on one line, inert: no hidden characters, no address a mail client would link. */
const personLine = (text: string) => defang(plainLine(text));

/** One line of filled text, as text and as HTML. */
function renderLine(line: string, slots: Slot[]): { text: string; html: string } {
  let text = "";
  let html = "";
  let last = 0;
  for (const m of line.matchAll(SLOT)) {
    const before = line.slice(last, m.index);
    text += before;
    html += escapeHtml(before);
    const slot = slots[Number(m[1])]!;
    if (slot.kind === "url") {
      text += slot.url;
      html += `<a href="${escapeHtml(slot.url)}">${escapeHtml(slot.url)}</a>`;
    } else {
      const words = personLine(slot.text);
      text += words;
      html += escapeHtml(words);
    }
    last = m.index + m[0].length;
  }
  const rest = line.slice(last);
  return { text: text + rest, html: html + escapeHtml(rest) };
}

const QUOTE_STYLE = "margin:0 0 1em;padding:0 0 0 1em;border-left:4px solid #b9c6bd";

/** A person's words as a quote under its label: "> " lines in text, a <blockquote> in HTML. Empty words: nothing at all. */
function renderQuote(slot: Extract<Slot, { kind: "person" }>, label: { text: string; html: string }): { text: string; html: string } | null {
  const words = defang(plainLines(slot.text));
  if (!words) return null;
  const lines = words.split("\n");
  const text = `${label.text}\n${lines.map((l) => (l ? `> ${l}` : ">")).join("\n")}`;
  const paragraphs = words.split("\n\n").map((p) => `<p style="margin:0 0 .5em">${p.split("\n").map(escapeHtml).join("<br>")}</p>`);
  const html = `<p>${label.html}</p>\n<blockquote style="${QUOTE_STYLE}">${paragraphs.join("")}</blockquote>`;
  return { text, html };
}

const BULLET = /^\s*-\s+/;

/** The filled body, block by block (blank lines between), as text and HTML. */
function renderBody(filled: string, filler: Filler, content: EmailContent): { text: string; html: string } {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of filled.split(/\n[ \t]*\n/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    const alone = SLOT_ALONE.exec(trimmed);
    const slot = alone ? filler.slots[Number(alone[1])] : undefined;
    if (slot?.kind === "person") {
      // The label may use placeholders (its slots are added after this one).
      const labelLines = filler.fill(content.quoteLabels[slot.author]).split("\n").map((l) => renderLine(l, filler.slots));
      const quote = renderQuote(slot, { text: labelLines.map((l) => l.text).join(" "), html: labelLines.map((l) => l.html).join(" ") });
      if (quote) {
        text.push(quote.text);
        html.push(quote.html);
      }
      continue;
    }
    const lines = block.replace(/^\n+|\n+$/g, "").split("\n");
    const rendered = lines.map((l) => renderLine(l, filler.slots));
    text.push(rendered.map((l) => l.text).join("\n"));
    // A bullet list is decided by our text only: a person's words (a slot) cannot start one.
    if (lines.every((l) => BULLET.test(l.replace(SLOT, "x")))) {
      html.push(`<ul>${lines.map((l) => `<li>${renderLine(l.replace(BULLET, ""), filler.slots).html}</li>`).join("")}</ul>`);
    } else {
      html.push(`<p>${rendered.map((l) => l.html).join("<br>")}</p>`);
    }
  }
  return { text: `${text.join("\n\n")}\n`, html: html.join("\n") };
}

const page = (body: string) =>
  `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2a24;max-width:40rem">${body}</body></html>`;

/**
 * Renders a template. `unsubscribeUrl` (newsletter-related mail) adds the
 * footer link and the RFC 8058 one-click headers.
 */
export function renderEmail(
  kind: string,
  vars: EmailVars,
  options: { unsubscribeUrl?: string; content?: EmailContent } = {},
): RenderedEmail {
  const content = options.content ?? emailContent;
  const t = content.templates[kind];
  if (!t) throw new Error(`No email template "${kind}" in content/email.json`);
  const filler = new Filler(kind, vars);
  let filled = `${filler.fill(t.text).trim()}\n\n${filler.fill(content.signature)}`;
  const headers: Record<string, string> = {};
  if (options.unsubscribeUrl) {
    filled += `\n\n${filler.fill(content.newsletterFooter, { unsubscribeUrl: options.unsubscribeUrl })}`;
    headers["List-Unsubscribe"] = `<${options.unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  const body = renderBody(filled, filler, content);
  const subject = filler.fill(t.subject).split("\n").map((l) => renderLine(l, filler.slots).text).join(" ");
  for (const [name, value] of Object.entries(headers)) headers[name] = headerValue(value);
  return { subject: headerValue(subject, SUBJECT_MAX), text: body.text, html: page(body.html), headers };
}
