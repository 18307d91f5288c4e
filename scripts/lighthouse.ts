/**
 * Lighthouse (mobile preset: emulated phone, simulated slow 4G and CPU) on
 * the production server, with Debian's Chromium. Scores Home, Find a group
 * and a group page for performance and accessibility, and fails below 95
 * performance or 100 accessibility.
 *
 *   npm run lighthouse            (builds first)
 *   LH_RUNS=5 npm run lighthouse  (median of five runs per page; default 3)
 *   CHROME_PATH=/path/to/chrome   (default /usr/bin/chromium)
 *
 * Everything runs on this machine: the server on 127.0.0.1, no network.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startServer } from "../tests/support/server";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../tests/support/chromium";

const PAGES = [
  { name: "Home", path: "/" },
  { name: "Find a group", path: "/groups" },
  { name: "Group page", path: "/groups/melbourne-inner-north" },
];
const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 3));
const MIN = { performance: 95, accessibility: 100 };

if (!existsSync(path.resolve(import.meta.dirname, "../build/server/index.js"))) {
  console.error("No build found: run `npm run build` first (npm run lighthouse does).");
  process.exit(1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startServer();
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS });
let failed = false;
try {
  const rows: string[][] = [["page", "performance", "accessibility", "FCP ms", "LCP ms", "TBT ms", "CLS", "bytes"]];
  for (const p of PAGES) {
    const runs: { perf: number; a11y: number; fcp: number; lcp: number; tbt: number; cls: number; bytes: number; failing: string[] }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(`${server.baseURL}${p.path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${p.path}`);
      const { categories, audits } = result.lhr;
      const num = (id: string) => Number(audits[id]?.numericValue ?? NaN);
      runs.push({
        perf: Math.round((categories.performance?.score ?? 0) * 100),
        a11y: Math.round((categories.accessibility?.score ?? 0) * 100),
        fcp: num("first-contentful-paint"),
        lcp: num("largest-contentful-paint"),
        tbt: num("total-blocking-time"),
        cls: num("cumulative-layout-shift"),
        bytes: num("total-byte-weight"),
        failing: (categories.accessibility?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && audits[r.id]?.score !== null && (audits[r.id]?.score ?? 1) < 1)
          .map((r) => r.id),
      });
    }
    const perf = median(runs.map((r) => r.perf));
    const a11y = median(runs.map((r) => r.a11y));
    rows.push([
      `${p.name} (${p.path})`,
      `${perf} [${runs.map((r) => r.perf).join(", ")}]`,
      `${a11y}`,
      String(Math.round(median(runs.map((r) => r.fcp)))),
      String(Math.round(median(runs.map((r) => r.lcp)))),
      String(Math.round(median(runs.map((r) => r.tbt)))),
      median(runs.map((r) => r.cls)).toFixed(3),
      String(median(runs.map((r) => r.bytes))),
    ]);
    const failing = [...new Set(runs.flatMap((r) => r.failing))];
    if (failing.length) console.log(`${p.name}: accessibility audits not passed: ${failing.join(", ")}`);
    if (perf < MIN.performance || a11y < MIN.accessibility) failed = true;
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  console.log(`Lighthouse ${RUNS} run(s) per page, median shown; mobile preset; Chromium at ${CHROMIUM_PATH}.`);
  if (failed) console.log(`FAILED: need performance >= ${MIN.performance} and accessibility >= ${MIN.accessibility} on every page.`);
} finally {
  await chrome.kill();
  await server.stop();
}
process.exit(failed ? 1 : 0);
