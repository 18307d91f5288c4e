/**
 * Compression for whole pages. Pages are rendered into one buffer (see
 * entry.server.tsx), so they are compressed here in one synchronous call
 * rather than streamed through a compressor per response; the server's
 * compression middleware leaves a response that already has a
 * Content-Encoding alone and still handles everything else.
 *
 * Pages use gzip at level 4: on our ~10 KB question pages it takes about half
 * the time of brotli at quality 4 for about 4% more bytes, and brotli's
 * cheaper qualities compress less well than gzip does.
 */
import { gzipSync } from "node:zlib";

export type PageEncoding = "gzip" | "identity";

/** Smaller pages are sent as they are: compressing them gains nothing. */
const MIN_BYTES = 1024;
const GZIP_LEVEL = 4;

/** Whether an Accept-Encoding header accepts gzip (directly or through "*") with a quality above zero. */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let quality = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) quality = Number(m[1]);
    }
    q.set(name, Number.isFinite(quality) ? quality : 0);
  }
  return (q.get("gzip") ?? q.get("*") ?? 0) > 0;
}

/** Compresses a page for the request's Accept-Encoding; small pages stay as they are. */
export function compressPage(
  body: Buffer<ArrayBuffer>,
  acceptEncoding: string | null,
): { body: Buffer<ArrayBuffer>; encoding: PageEncoding } {
  if (body.length < MIN_BYTES || !acceptsGzip(acceptEncoding)) return { encoding: "identity", body };
  // zlib's results own their memory (never a shared ArrayBuffer).
  return { encoding: "gzip", body: gzipSync(body, { level: GZIP_LEVEL }) as Buffer<ArrayBuffer> };
}
