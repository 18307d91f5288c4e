/**
 * Emails are written in content/email.json as plain text with {placeholders}.
 * The HTML part is made from the same text (paragraphs, bullet lines and
 * links), escaped, with no images and no tracking.
 */
import * as z from "zod";
import emailJson from "../../content/email.json";

const Template = z.object({ subject: z.string().min(1), text: z.string().min(1) });
export const EmailContentSchema = z.object({
  signature: z.string().min(1),
  newsletterFooter: z.string().includes("{unsubscribeUrl}"),
  /** Short phrases some emails are built from (fallbacks, optional sentences), by key such as `join.noNote`. */
  parts: z.record(z.string(), z.string()).default({}),
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

function fillStrict(kind: string, template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (!(key in vars)) throw new Error(`email "${kind}" needs a value for {${key}}`);
    return String(vars[key]);
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

export function textToHtml(text: string): string {
  const blocks = text.trim().split(/\n\s*\n/);
  const body = blocks
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => /^\s*-\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${linkify(escapeHtml(l.replace(/^\s*-\s+/, "")))}</li>`).join("")}</ul>`;
      }
      return `<p>${lines.map((l) => linkify(escapeHtml(l))).join("<br>")}</p>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2a24;max-width:40rem">${body}</body></html>`;
}

/**
 * Renders a template. `unsubscribeUrl` (newsletter-related mail) adds the
 * footer link and the RFC 8058 one-click headers.
 */
export function renderEmail(
  kind: string,
  vars: Record<string, string | number>,
  options: { unsubscribeUrl?: string; content?: EmailContent } = {},
): RenderedEmail {
  const content = options.content ?? emailContent;
  const t = content.templates[kind];
  if (!t) throw new Error(`No email template "${kind}" in content/email.json`);
  let text = `${fillStrict(kind, t.text, vars).trim()}\n\n${content.signature}`;
  const headers: Record<string, string> = {};
  if (options.unsubscribeUrl) {
    text += `\n\n${fillStrict(kind, content.newsletterFooter, { unsubscribeUrl: options.unsubscribeUrl })}`;
    headers["List-Unsubscribe"] = `<${options.unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return { subject: fillStrict(kind, t.subject, vars), text: `${text}\n`, html: textToHtml(text), headers };
}
