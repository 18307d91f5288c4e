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
 * Buttons and labelled links: a line of a template that is exactly
 * `[[button:Label|{someUrl}]]` or `[[link:Label|{someUrl}]]`. Lines like
 * these make a paragraph of their own (blank lines around them, nothing
 * else in it), and the target is always one placeholder whose key ends in
 * `Url`: a link of ours, never a web address from anywhere else. The label
 * may hold placeholders, a person's words too ("Accept {name}": escaped,
 * defanged, one line), but no link. Directives are read from the template
 * before anything is filled in, so no value can make one.
 * - HTML part: a button is a full-width table cell with a link of at least
 *   44 px high, white on our dark green, the label as the link's text; a
 *   link is a link with the label as its text. The long URL is never shown.
 * - text part: the label on one line and the URL alone on the next (plain
 *   text mail clients need it), a blank line between them.
 * - a target that is not a plain http(s) URL is shown as text, unlinked; an
 *   empty one leaves its button out (a button only some recipients get).
 *
 * The HTML part wraps long words anywhere (`overflow-wrap:anywhere`), so
 * nothing makes a phone's screen scroll sideways.
 *
 * The subject and every header value go through headerValue(): one line, no
 * control or bidi characters, capped. A subject names the group, never a
 * person (SUBJECT_PLACEHOLDERS). `Reply-To` (replyTo option) is set only
 * for one plain mailbox (replyToHeader()); anything else leaves it out.
 */
import * as z from "zod";
import emailJson from "../../content/email.json";
import { defang, plainLine, plainLines } from "../utils/plain-text";
import { isPlainMailbox } from "../forms/fields";

/** Who can write text that goes into our emails as they wrote it (sender: someone writing through the Contact page). */
export const AUTHORS = ["applicant", "convenor", "venue", "sender", "staff"] as const;
export type Author = (typeof AUTHORS)[number];

/** A line that opens like a button or labelled link (`[[`), and the whole of a well-formed one: `[[button:Label|{keyUrl}]]`. */
const ACTION_START = /^[ \t]*\[\[/m;
const ACTION_LINE = /^[ \t]*\[\[(button|link):([^\n]*?)\|\{(\w+)\}\]\][ \t]*$/gm;

/** Why a template's buttons and labelled links are not well formed, or undefined. */
export function actionProblem(text: string): string | undefined {
  for (const m of text.matchAll(ACTION_LINE)) {
    const [, , label, key] = m;
    if (!key!.endsWith("Url")) return `the target of ${m[0].trim()} is {${key}}: it must be a {…Url} placeholder`;
    if (!label!.trim()) return `${m[0].trim()} has no label`;
    if (/\{\w+Url\}/.test(label!)) return `the label of ${m[0].trim()} holds a link`;
  }
  const rest = text.replace(ACTION_LINE, "");
  if (ACTION_START.test(rest)) return `a line starting with [[ is not [[button:Label|{…Url}]] or [[link:Label|{…Url}]]: ${/^[ \t]*\[\[.*$/m.exec(rest)![0].trim()}`;
  for (const block of text.split(/\n[ \t]*\n/)) {
    const lines = block.split("\n").filter((l) => l.trim());
    const actions = lines.filter((l) => new RegExp(ACTION_LINE.source).test(l)).length;
    if (actions && actions !== lines.length) return `buttons and labelled links must be a paragraph of their own: ${block.trim()}`;
  }
  return undefined;
}

/**
 * The only placeholders a subject may hold: things of ours (a group's name, a
 * place, a number of days, a contact topic), never a person's name or words.
 * A subject is a header, and headers are shown, indexed and forwarded far
 * beyond the email (see renderEmail, which also refuses a person's words there).
 */
export const SUBJECT_PLACEHOLDERS = ["group", "area", "days", "topic"] as const;

const Template = z.object({
  subject: z
    .string()
    .min(1)
    .refine((s) => !ACTION_START.test(s), "a subject cannot hold a button or labelled link")
    .refine(
      (s) => [...s.matchAll(/\{(\w+)\}/g)].every((m) => (SUBJECT_PLACEHOLDERS as readonly string[]).includes(m[1]!)),
      `a subject names the group, never a person: its placeholders can only be ${SUBJECT_PLACEHOLDERS.map((k) => `{${k}}`).join(", ")}`,
    ),
  text: z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      const problem = actionProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});
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

/** A Reply-To value: the address as one clean header line if it is exactly one plain mailbox, else undefined (no header). */
export function replyToHeader(address: string): string | undefined {
  const value = headerValue(address, 254);
  return value && isPlainMailbox(value) ? value : undefined;
}

type Slot =
  | { kind: "url"; url: string }
  | { kind: "person"; author: Author; text: string }
  /** A button or labelled link: its label (filled text, may hold a person's words) and its target (a url slot, or text). */
  | { kind: "action"; style: "button" | "link"; label: string; target: string };

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

  /**
   * The template with each placeholder filled, links, people's words and
   * buttons as slots. Every placeholder must have a value. Buttons and
   * labelled links are found in the template before it is filled.
   */
  fill(template: string, extra: EmailVars = {}): string {
    const clean = ours(template);
    const problem = actionProblem(clean);
    if (problem) throw new Error(`email "${this.kind}": ${problem}`);
    const withActions = clean.replace(ACTION_LINE, (_m, style: "button" | "link", label: string, key: string) =>
      this.slot({ kind: "action", style, label: this.placeholders(label, extra), target: this.placeholders(`{${key}}`, extra) }),
    );
    return this.placeholders(withActions, extra);
  }

  /** Fills the placeholders of text already cleaned of control characters (it may hold slots). */
  private placeholders(template: string, extra: EmailVars): string {
    return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
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
    if (slot.kind === "action") throw new Error("buttons and labelled links must be a paragraph of their own");
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

/** Long words (a name with no spaces, an address) wrap rather than widen the page. */
const WRAP = "overflow-wrap:anywhere;word-break:break-word";
const BRAND = "#2f4b3f";
/** A full-width button: a table cell (its colour and height for Outlook) holding a block link (its padding for everyone else), 50 px high. */
const BUTTON_TABLE = `width:100%;max-width:30rem;table-layout:fixed;border-collapse:separate;margin:0 0 12px`;
const BUTTON_LINK = `display:block;padding:13px 16px;border-radius:6px;background-color:${BRAND};color:#ffffff;font-size:18px;line-height:24px;font-weight:bold;text-align:center;text-decoration:none;${WRAP}`;
const LABELLED_LINK = `display:inline-block;padding:12px 0;font-size:18px;line-height:24px;font-weight:bold;color:${BRAND};${WRAP}`;

/** A paragraph of buttons and labelled links: the label then the URL on its own line in text; buttons and links named by their labels in HTML. */
function renderActions(actions: Array<Extract<Slot, { kind: "action" }>>, slots: Slot[]): { text: string; html: string } {
  const text: string[] = [];
  const html: string[] = [];
  for (const action of actions) {
    const label = action.label.split("\n").map((l) => renderLine(l, slots));
    const labelText = label.map((l) => l.text).join(" ");
    const labelHtml = label.map((l) => l.html).join(" ");
    const alone = SLOT_ALONE.exec(action.target);
    const target = alone ? slots[Number(alone[1])] : undefined;
    if (target?.kind !== "url") {
      // Not one of our links (a …Url value that is not a plain http(s) URL): text, never a link.
      const shown = renderLine(action.target, slots);
      text.push(`${labelText}\n${shown.text}`);
      html.push(`<p style="${WRAP}">${labelHtml}<br>${shown.html}</p>`);
      continue;
    }
    text.push(`${labelText}\n${target.url}`);
    const href = escapeHtml(target.url);
    html.push(
      action.style === "button"
        ? `<table role="presentation" border="0" cellpadding="0" cellspacing="0" width="100%" style="${BUTTON_TABLE}"><tr><td align="center" height="50" bgcolor="${BRAND}" style="border-radius:6px;background-color:${BRAND}"><a href="${href}" style="${BUTTON_LINK}">${labelHtml}</a></td></tr></table>`
        : `<p style="margin:0 0 12px"><a href="${href}" style="${LABELLED_LINK}">${labelHtml}</a></p>`,
    );
  }
  return { text: text.join("\n\n"), html: `<div style="margin:1.25em 0">${html.join("\n")}</div>` };
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
    const actions = lines.map((l) => SLOT_ALONE.exec(l.trim())).map((m) => (m ? filler.slots[Number(m[1])] : undefined));
    if (actions.some((a) => a?.kind === "action")) {
      if (!actions.every((a) => a?.kind === "action")) throw new Error("buttons and labelled links must be a paragraph of their own");
      // An empty target leaves its button out (one that only some recipients have); none left, no paragraph.
      const shown = (actions as Array<Extract<Slot, { kind: "action" }>>).filter((a) => a.target.trim() !== "");
      if (!shown.length) continue;
      const r = renderActions(shown, filler.slots);
      text.push(r.text);
      html.push(r.html);
      continue;
    }
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
  `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2a24;max-width:40rem;${WRAP}">${body}</body></html>`;

/**
 * Renders a template. `unsubscribeUrl` (newsletter-related mail) adds the
 * footer link and the RFC 8058 one-click headers.
 */
export function renderEmail(
  kind: string,
  vars: EmailVars,
  options: { unsubscribeUrl?: string; replyTo?: string; content?: EmailContent } = {},
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
  const slotsBeforeSubject = filler.slots.length;
  const subject = filler.fill(t.subject).split("\n").map((l) => renderLine(l, filler.slots).text).join(" ");
  if (filler.slots.slice(slotsBeforeSubject).some((slot) => slot.kind === "person")) throw new Error(`email "${kind}": a subject cannot hold a person's words`);
  for (const [name, value] of Object.entries(headers)) headers[name] = headerValue(value);
  const replyTo = options.replyTo === undefined ? undefined : replyToHeader(options.replyTo);
  if (replyTo) headers["Reply-To"] = replyTo;
  return { subject: headerValue(subject, SUBJECT_MAX), text: body.text, html: page(body.html), headers };
}
