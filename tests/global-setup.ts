import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { AXE_VERDICTS_ENV } from "./support/a11y";
import { startServer, TEMPLATE_DATABASE_ENV } from "./support/server";
import { buildTemplateDatabase } from "./support/template-db";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
  }
}

/**
 * The seeded template every test server's database is copied from, a
 * directory for axe's verdicts (tests/support/a11y.ts), then one
 * production server for the browser and HTTP tests, on its own SQLite file.
 */
export default async function setup(project: TestProject) {
  const templateDir = mkdtempSync(path.join(tmpdir(), "pwcop-template-"));
  buildTemplateDatabase(path.join(templateDir, "pwcop.db"));
  process.env[TEMPLATE_DATABASE_ENV] = path.join(templateDir, "pwcop.db");
  process.env[AXE_VERDICTS_ENV] = path.join(templateDir, "axe-verdicts");
  const server = await startServer();
  project.provide("baseURL", server.baseURL);
  project.provide("databasePath", server.databasePath);
  return async () => {
    await server.stop();
    rmSync(templateDir, { recursive: true, force: true });
  };
}
