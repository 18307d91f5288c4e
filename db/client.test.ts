import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";

describe("openDatabase", () => {
  it("opens the file in WAL mode and reuses one statement per SQL text", () => {
    const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-client-")), "c.db"));
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      db.exec("CREATE TABLE t (n INTEGER)");
      const insert = db.prepare("INSERT INTO t (n) VALUES (?)");
      expect(db.prepare("INSERT INTO t (n) VALUES (?)")).toBe(insert);
      insert.run(1);
      db.prepare("INSERT INTO t (n) VALUES (?)").run(2);
      expect(db.prepare("SELECT n FROM t ORDER BY n").all()).toEqual([{ n: 1 }, { n: 2 }]);
      expect(db.prepare("SELECT count(*) AS c FROM t").get()).toEqual({ c: 2 });
      // A statement that fails to compile is not kept: it fails again, clearly.
      expect(() => db.prepare("SELECT nope FROM missing")).toThrow(/no such table/);
      db.exec("CREATE TABLE missing (nope TEXT)");
      expect(db.prepare("SELECT nope FROM missing").all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
