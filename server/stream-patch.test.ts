/**
 * patches/@remix-run+node+2.17.5.patch: Remix's Express adapter writes a
 * streamed body (the staff CSV exports) with backpressure, so a slow client
 * never makes the server hold the whole body, and a client that went away
 * stops the stream.
 */
import { Writable } from "node:stream";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { describe, expect, it } from "vitest";

function chunks(n: number, size: number) {
  let i = 0;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      if (i++ >= n) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("the streamed-body patch", () => {
  it("waits for a slow writable to drain: what is queued stays near its high-water mark", async () => {
    let peak = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(_chunk, _enc, done) {
        setTimeout(done, 1);
      },
    });
    const origWrite = slow.write.bind(slow);
    slow.write = ((chunk: Uint8Array) => {
      const ok = origWrite(chunk);
      peak = Math.max(peak, slow.writableLength);
      return ok;
    }) as typeof slow.write;
    const { stream } = chunks(200, 16 * 1024);
    await writeReadableStreamToWritable(stream, slow);
    // 200 × 16 KB = 3.2 MB written; without waiting for drain almost all of it would queue.
    expect(peak).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
  });

  it("stops reading once the writable is destroyed (the client went away)", async () => {
    const gone = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, done) {
        setTimeout(done, 1);
      },
    });
    gone.on("error", () => undefined);
    const { stream, pulled } = chunks(10_000, 16 * 1024);
    setTimeout(() => gone.destroy(), 20);
    await writeReadableStreamToWritable(stream, gone).catch(() => undefined);
    expect(pulled()).toBeLessThan(10_000);
  });
});
