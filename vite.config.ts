import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isVitest = process.env.VITEST !== undefined;

export default defineConfig({
  plugins: isVitest ? [] : [remix(remixConfig)],
  server: { port: 3000 },
  build: { target: "es2020" },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Unit files run in worker threads that keep the modules they have loaded
    // from file to file instead of starting afresh for each (half the unit
    // run's CPU); components still render into each file's own jsdom. Browser
    // and HTTP files keep a process each (forks): what one leaves running ends with it.
    poolOptions: { threads: { isolate: false } },
    // Two cores: two test files at a time.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["machines/**/*.test.ts", "app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "content/**/*.test.ts"],
          environment: "node",
          pool: "threads",
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/**/*.test.ts"],
          // Whole journeys in a real browser take up to ~20 s here; the limit
          // is for a hung test, with room for a slower CI machine.
          testTimeout: 90_000,
          environment: "node",
          globalSetup: ["tests/global-setup.ts"],
        },
      },
    ],
  },
});
