import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { wizardContent } from "./content.server";
import { compressPage } from "./utils/compress.server";
import { hasFormErrors, prefixTitle } from "./utils/error-title.server";
import { NonceProvider } from "./utils/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Our pages have no deferred data, so each is rendered whole and sent as one
 * buffer with a Content-Length: fewer, larger writes than streaming, which is
 * faster for small pages and the same for every client, bots included. The
 * buffer is compressed here, in one call, for the request's Accept-Encoding.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          const chunks: Buffer[] = [];
          const sink = new Writable({
            // React reads a 'close' as the client going away and aborts the
            // (finished) render; this sink only collects bytes, so it has none.
            emitClose: false,
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              let html = Buffer.concat(chunks);
              if (hasFormErrors(remixContext.staticHandlerContext.actionData)) html = prefixTitle(html, wizardContent.common.errorTitlePrefix);
              const { body, encoding } = compressPage(html, request.headers.get("Accept-Encoding"));
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.set("Content-Length", String(body.length));
              responseHeaders.append("Vary", "Accept-Encoding");
              if (encoding !== "identity") responseHeaders.set("Content-Encoding", encoding);
              resolve(new Response(body, { headers: responseHeaders, status: failed ? 500 : responseStatusCode }));
              done();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError() {
          failed = true;
        },
      },
    );
    timer = setTimeout(abort, ABORT_DELAY);
    timer.unref?.();
  });
}
