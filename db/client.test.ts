import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointTruncate, openDatabase } from "./client";

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

describe("checkpointTruncate", () => {
  it("empties the WAL; while another connection reads, retries a bounded number of times and reports it, without throwing", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-client-")), "c.db");
    const db = openDatabase(file);
    const reader = openDatabase(file);
    try {
      expect(db.pragma("secure_delete", { simple: true })).toBe(1);
      db.exec("CREATE TABLE t (v TEXT)");
      for (let i = 0; i < 50; i++) db.prepare("INSERT INTO t (v) VALUES (?)").run("x".repeat(500));
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

      // A read transaction pins the WAL: the checkpoint reports busy each time.
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) AS n FROM t").get();
      const started = performance.now();
      expect(checkpointTruncate(db)).toEqual({ done: false, tries: 8 });
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(5_000);

      reader.exec("COMMIT");
      expect(checkpointTruncate(db)).toEqual({ done: true, tries: 1 });
      expect(statSync(`${file}-wal`).size).toBe(0);
    } finally {
      reader.close();
      db.close();
    }
  });
});
