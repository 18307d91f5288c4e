/**
 * Every table's rows as read straight from the server's SQLite file, one
 * hash per table: two readings are equal when no row was added, removed or
 * changed anywhere. Rows are compared as a set (sorted), so the order SQLite
 * happens to return them in does not matter.
 *
 * Reading every row (the gazetteer's places are some 20,000) takes about a
 * second, so `DbWatch` reads them again only when SQLite says another
 * connection has committed a change since (PRAGMA data_version): with no
 * commit in between, no row can differ.
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";

/** Columns left out of the comparison, by table (housekeeping that reading a page may do). */
export type Ignored = Record<string, readonly string[]>;

export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/** Table name → how many rows it has and a hash of them (without the ignored columns). */
export function tableStates(db: Database.Database, ignored: Ignored = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of tableNames(db)) {
    const stmt = db.prepare(`SELECT * FROM "${table}"`).raw(true);
    const skip = new Set(ignored[table] ?? []);
    const keep = stmt.columns().map((c, i) => (skip.has(c.name) ? -1 : i)).filter((i) => i >= 0);
    const rows = (stmt.all() as unknown[][]).map((row) => JSON.stringify(keep.map((i) => row[i]), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
    rows.sort();
    const hash = crypto.createHash("sha256");
    for (const r of rows) hash.update(r).update("\n");
    out[table] = `${rows.length} rows ${hash.digest("hex").slice(0, 16)}`;
  }
  return out;
}

/** The tables whose rows differ between two readings. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}

/** Watches the file for changes made by other connections (the server's). */
export class DbWatch {
  private version = 0;
  private states: Record<string, string> = {};

  constructor(
    private readonly db: Database.Database,
    private readonly ignored: Ignored = {},
  ) {
    this.reset();
  }

  private dataVersion = () => this.db.pragma("data_version", { simple: true }) as number;

  /** Takes the file as it is now as the baseline. */
  reset(): void {
    this.version = this.dataVersion();
    this.states = tableStates(this.db, this.ignored);
  }

  /** The tables whose rows differ from the baseline (none when nothing was committed since). */
  changed(): string[] {
    const version = this.dataVersion();
    if (version === this.version) return [];
    const diff = changedTables(this.states, tableStates(this.db, this.ignored));
    // Only ignored columns moved: the baseline still holds, and the next check can be quick again.
    if (diff.length === 0) this.version = version;
    return diff;
  }
}
