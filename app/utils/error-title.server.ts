/**
 * GOV.UK: while a page shows errors, its title starts with "Error: ", so
 * screen reader users hear it first. A form sent without JavaScript comes back
 * as a whole page rendered after the action; Remix's `meta` cannot see action
 * data, so the prefix is added to the rendered page's <title> here. (With
 * JavaScript the page adds it in the browser.)
 */

/** Whether any route's action data carries field errors: `{ errors: { field: message } }`, as all our forms return. */
export function hasFormErrors(actionData: Record<string, unknown> | null | undefined): boolean {
  return Object.values(actionData ?? {}).some((d) => {
    const errors = d && typeof d === "object" ? (d as { errors?: unknown }).errors : undefined;
    return !!errors && typeof errors === "object" && Object.keys(errors).length > 0;
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Puts `prefix` at the start of the page's first <title>, unless it is there already. */
export function prefixTitle(html: Buffer<ArrayBuffer>, prefix: string): Buffer<ArrayBuffer> {
  const open = html.indexOf("<title>");
  if (open < 0) return html;
  const at = open + "<title>".length;
  const escaped = Buffer.from(escapeHtml(prefix));
  if (html.subarray(at, at + escaped.length).equals(escaped)) return html;
  return Buffer.concat([html.subarray(0, at), escaped, html.subarray(at)]);
}
