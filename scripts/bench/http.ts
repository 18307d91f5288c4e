/** A minimal keep-alive HTTP client on node:http (no decompression, no cookie jar: the bench does both by hand). */
import http from "node:http";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Only when asked for; otherwise the body is read and dropped. */
  body: Buffer | null;
  bodyBytes: number;
}

/** One client = one agent with one socket, like a browser tab talking to one origin. */
export const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

export function request(
  agent: http.Agent,
  url: URL,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body?: string,
  keepBody = false,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: body === undefined ? headers : { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bodyBytes = 0;
        res.on("data", (chunk: Buffer) => {
          bodyBytes += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: keepBody ? Buffer.concat(chunks) : null, bodyBytes }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The `name=value` part of a Set-Cookie header for `name`, if present. */
export function cookieFrom(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  for (const line of headers["set-cookie"] ?? []) {
    const pair = line.split(";")[0]!.trim();
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return undefined;
}
