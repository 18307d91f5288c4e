/** What the root route (./root.tsx) reads from the database for every page. */
import type { DB } from "../db/client";
import { countDemoGroups } from "../db/queries/groups";

/** Whether demo groups are listed (every page then shows the demo note). */
export const hasDemoGroups = (db: DB): boolean => countDemoGroups(db) > 0;
