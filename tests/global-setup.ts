import type { TestProject } from "vitest/node";
import { startServer } from "./support/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
  }
}

/** One production server for the browser and HTTP tests, on its own SQLite file. */
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide("baseURL", server.baseURL);
  project.provide("databasePath", server.databasePath);
  return async () => {
    await server.stop();
  };
}
