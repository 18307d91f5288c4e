/**
 * Plain text that people type into our forms (names, notes, messages): the
 * checks the form schemas share, and the helpers that keep such text inert
 * when we put it in an email. Pure and dependency-free: the browser runs the
 * same checks through zod/mini, the server runs them again.
 */

/** C0 controls (U+0000–U+001F: NUL, tab, line feed, carriage return…), DEL and C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_ALL = /[\u0000-\u001F\u007F-\u009F]/g;
/** The same, except tab, line feed and carriage return, which a note may contain. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Line and paragraph separators: line breaks by another name. */
const SEPARATOR = /[\u2028\u2029]/;
/** Bidirectional formatting characters: embeddings and overrides, isolates, marks. They can make text read differently from what it is. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_ALL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Zero-width and invisible characters (zero-width space, non-joiner, joiner, word joiner, byte order mark). */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
/** Invisible characters with no part in writing a language (ZWNJ and ZWJ do, in some scripts and emoji): removed from text we show. */
const INVISIBLE_UNUSED = /[\u00AD\u200B\u2060\uFEFF]/g;

/** Full stops a domain name may be written with (ASCII, ideographic, fullwidth, halfwidth). */
const DOT = "[.\\u3002\\uFF0E\\uFF61]";
const DOTS = new RegExp(DOT, "g");
/** Characters of a domain label, in any script. */
const LABEL = "[\\p{L}\\p{N}\\p{M}-]";
/**
 * Runs of labels joined by dots ("prize.example.com", "1.2.3.4"). The
 * lookbehind lets a run start only where a label starts, which keeps the
 * search linear on long input.
 */
const DOTTED = new RegExp(`(?<!${LABEL})${LABEL}+(?:${DOT}${LABEL}+)+`, "gu");
/** "://", also with fullwidth colon or slashes, or backslashes. */
const SCHEME_SEPARATOR = /[:\uFF1A][/\\\uFF0F]{2}/;
const SCHEME_SEPARATORS = new RegExp(SCHEME_SEPARATOR.source, "g");
const WWW = new RegExp(`www${DOT}`, "i");
const WWWS = new RegExp(`(www)${DOT}`, "gi");
const AT = /[@\uFF20\uFE6B]/;

const LAST_LABEL_IS_TLD = /^[\p{L}\p{M}]{2,}$/u;
const IPV4 = new RegExp(`^\\d{1,3}(?:${DOT}\\d{1,3}){3}$`);

/** Whether a run of dotted labels reads as a host name (letters-only last label, such as "example.com") or an IPv4 address. */
function isHostLike(token: string): boolean {
  if (IPV4.test(token)) return true;
  const labels = token.split(DOTS);
  const last = (labels[labels.length - 1] ?? "").replace(/^-+|-+$/g, "");
  return LAST_LABEL_IS_TLD.test(last);
}

/** Any control character, line and paragraph separators included: for one-line fields such as a name. */
export const hasControlChars = (s: string): boolean => CONTROL.test(s) || SEPARATOR.test(s);

/** Control characters other than tab, line feed and carriage return: for text that may run over several lines, such as a note. */
export const hasControlCharsInText = (s: string): boolean => CONTROL_IN_TEXT.test(s);

export const hasBidiControls = (s: string): boolean => BIDI.test(s);

/** Nothing a person could read: only white space and zero-width characters (or nothing at all). */
export const isBlank = (s: string): boolean => s.replace(INVISIBLE, "").trim() === "";
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/;

/**
 * Whether text contains something a mail client or browser could take for a
 * web or email address: "://", "www.", "@", or a host name such as
 * "prize.example.com". Zero-width characters are ignored, so they cannot hide one.
 * A name with no space after an initial ("J.Smith") counts too: that is the
 * price of catching every host name, and "J. Smith" is fine.
 */
export function looksLikeLink(s: string): boolean {
  const t = s.replace(INVISIBLE, "");
  if (SCHEME_SEPARATOR.test(t) || WWW.test(t) || AT.test(t)) return true;
  for (const m of t.matchAll(DOTTED)) if (isHostLike(m[0])) return true;
  return false;
}

/**
 * The first problem with a name (a one-line field), as an error code, or
 * undefined. Nothing or spaces only is the caller's "required"; "blank" is
 * for input that has characters, but only invisible ones.
 */
export function nameProblem(s: string): "control" | "bidi" | "blank" | "link" | undefined {
  if (hasControlChars(s)) return "control";
  if (hasBidiControls(s)) return "bidi";
  if (HAS_INVISIBLE.test(s) && isBlank(s)) return "blank";
  if (looksLikeLink(s)) return "link";
  return undefined;
}

/** The first problem with free text over several lines (a note, a message), as an error code, or undefined. Web addresses are allowed. */
export function textProblem(s: string): "control" | "bidi" | undefined {
  if (hasControlCharsInText(s)) return "control";
  if (hasBidiControls(s)) return "bidi";
  return undefined;
}

/**
 * Makes web and email addresses in text a person wrote inert, so no mail
 * client turns them into links: "https://evil.example/x" becomes
 * "https[:]//evil[.]example/x", "www.x" becomes "www[.]x", "a@b.com" becomes
 * "a@b[.]com". Brackets around the separator are the usual way to quote an
 * address without linking it ("defanging"): a reader can still see it, and
 * retype it on purpose, but nothing opens it by accident.
 */
export function defang(s: string): string {
  return s
    .replace(SCHEME_SEPARATORS, (m) => `[${m[0]}]${m.slice(1)}`)
    .replace(DOTTED, (t) => (isHostLike(t) ? t.replace(DOTS, "[.]") : t))
    .replace(WWWS, "$1[.]");
}

/**
 * One line of text a person wrote, safe to show anywhere: control, bidi and
 * unused invisible characters removed, all white space (line breaks too) as
 * single spaces, trimmed.
 */
export function plainLine(s: string): string {
  return s.replace(CONTROL_ALL, " ").replace(/[\u2028\u2029]/g, " ").replace(BIDI_ALL, "").replace(INVISIBLE_UNUSED, "").replace(/\s+/g, " ").trim();
}

/**
 * Text over several lines a person wrote: line breaks as "\n" (at most one
 * blank line in a row), tabs as spaces, other control, bidi and unused
 * invisible characters removed, each line's end and the whole trimmed.
 */
export function plainLines(s: string): string {
  return s
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "")
    .replace(BIDI_ALL, "")
    .replace(INVISIBLE_UNUSED, "")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
