/**
 * Where to come back to after signing in: only a path on this site, in
 * plain printable ASCII. Browsers drop tabs and newlines inside a URL and
 * read "\\" as "/", so "/\t/evil.example" would leave the site; and a
 * character above U+007F cannot go into a Location header at all. Anything
 * else is ignored: the person lands on `fallback`, their default page.
 */
export const REDIRECT_MAX = 500;

export function safeRedirect(to: string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || to.length === 0 || to.length > REDIRECT_MAX) return fallback;
  // A path ("/..."), not a scheme or a host ("//host", "/\\host"); printable ASCII only (no space, control or backslash).
  if (!to.startsWith("/") || to.startsWith("//") || !/^[\x21-\x7e]+$/.test(to) || to.includes("\\")) return fallback;
  return to;
}
