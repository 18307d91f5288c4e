import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Where `needles` are in the raw bytes of the database file and its WAL, as
 * someone with the disk would find them (free pages, old WAL frames and
 * all), `"file: needle"` → times; {} when nowhere.
 */
export function bytesOnDisk(databasePath: string, needles: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of [databasePath, `${databasePath}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) {
      let n = 0;
      for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + 1)) n++;
      if (n) found[`${path.basename(file)}: ${needle}`] = n;
    }
  }
  return found;
}
