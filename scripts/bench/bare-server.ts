/**
 * The round-trip baseline: a bare node:http server, in its own process like
 * the app, that answers each request with bytes captured from the app
 * (303 + Location for the POSTs, the page's HTML as the app sent it for the
 * GETs). Started with child_process.fork; receives its routes over IPC and
 * replies with the port it listens on.
 */
import http from "node:http";

export interface CannedResponse {
  method: "GET" | "POST";
  path: string;
  status: number;
  headers: Record<string, string | string[]>;
  /** base64 */
  body: string;
}

export interface BareServerMessage {
  routes: CannedResponse[];
}

function serve({ routes }: BareServerMessage) {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, { ...r, bytes: Buffer.from(r.body, "base64") }]));
  const server = http.createServer((req, res) => {
    const route = table.get(`${req.method} ${(req.url ?? "").split("?")[0]}`);
    // Read the request body (the form) before answering, as the app must.
    req.on("data", () => {});
    req.on("end", () => {
      if (!route) {
        res.writeHead(404, { "Content-Length": "0" }).end();
        return;
      }
      res.writeHead(route.status, { ...route.headers, "Content-Length": String(route.bytes.length) });
      res.end(route.bytes);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("disconnect", () => process.exit(0));
}

process.once("message", (message) => serve(message as BareServerMessage));
