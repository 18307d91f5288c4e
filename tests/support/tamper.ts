/**
 * Changes the last `count` characters of a signed value so that every one of
 * them differs from the original: a tampered value that is never, by chance,
 * the value it came from.
 */
export function tamper(value: string, count = 1): string {
  const kept = value.slice(0, -count);
  const changed = [...value.slice(-count)].map((c) => (c === "A" ? "B" : "A")).join("");
  return `${kept}${changed}`;
}
