/**
 * Runs one load test (round-trip.ts's loadTest) in a fresh Node process, so
 * the load generator's timings do not carry the bench process's own heap
 * (which by then holds a whole Vite build of the empty Remix app) or its
 * garbage collection. Started with child_process.fork; receives what to run
 * over IPC and replies with the result.
 */
import { fork } from "node:child_process";
import { loadTest, type LoadResult } from "./round-trip";

interface LoadRequest {
  label: string;
  baseURL: string;
  opts: Parameters<typeof loadTest>[2];
}

type LoadReply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** Runs `loadTest` in a child process and returns its result. */
export function loadTestInChild(label: string, baseURL: string, opts: LoadRequest["opts"]): Promise<LoadResult> {
  const child = fork(import.meta.filename, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise<LoadResult>((resolve, reject) => {
    child.once("message", (reply: LoadReply) => {
      child.disconnect();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
    child.once("exit", (code) => reject(new Error(`load client exited (${code}) without a result`)));
    child.send({ label, baseURL, opts } satisfies LoadRequest);
  });
}

if (process.send && process.argv[1] === import.meta.filename) {
  process.once("message", (message: LoadRequest) => {
    loadTest(message.label, message.baseURL, message.opts).then(
      (result) => process.send!({ ok: true, result } satisfies LoadReply),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies LoadReply),
    );
  });
}
