/** Small helpers shared by the bench parts: percentiles, seeded randomness, formatting. */

/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export { seededRandom } from "../../db/gazetteer";

/** "85,123 B (85.1 KB, 83.1 KiB)": KB = 1000 bytes, KiB = 1024 bytes. */
export function bytes(n: number): string {
  return `${n.toLocaleString("en-AU")} B (${(n / 1000).toFixed(1)} KB, ${(n / 1024).toFixed(1)} KiB)`;
}

export const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
export const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
export const ms = (n: number, digits = 1) => `${n.toFixed(digits)} ms`;
export const us = (n: number) => `${Math.round(n).toLocaleString("en-AU")} µs`;
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a");

/** A plain text table: first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const out = rows.map(line);
  out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return out.join("\n");
}
