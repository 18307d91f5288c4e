/**
 * Just enough MIME to read what our server sends (nodemailer output): headers
 * (unfolded, RFC 2047 encoded words decoded), multipart bodies, and
 * quoted-printable or base64 parts decoded as UTF-8.
 */

export interface MimePart {
  headers: Map<string, string>;
  contentType: string;
  /** Decoded body for leaf parts; "" for multiparts. */
  body: string;
  parts: MimePart[];
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, _charset: string, enc: string, text: string) => {
    if (enc.toUpperCase() === "B") return Buffer.from(text, "base64").toString("utf8");
    const bytes = text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  });
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  return headers;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable": {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    }
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

export function parseMime(raw: string): MimePart {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : "";
  const headers = parseHeaders(head);
  const contentType = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const chunks = body.split(`--${boundary}`).slice(1);
    const parts = chunks.filter((c) => !c.startsWith("--")).map((c) => parseMime(c.replace(/^\r?\n/, "").replace(/\r?\n$/, "")));
    return { headers, contentType, body: "", parts };
  }
  return { headers, contentType, body: decodeBody(body, headers.get("content-transfer-encoding") ?? "7bit").replace(/\r\n/g, "\n"), parts: [] };
}

/** Every leaf part, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length ? part.parts.flatMap(leaves) : [part];
}

/** The text/plain and text/html bodies of a message. */
export function bodies(raw: string): { text: string | undefined; html: string | undefined; root: MimePart } {
  const root = parseMime(raw);
  const all = leaves(root);
  return {
    root,
    text: all.find((p) => /^text\/plain/i.test(p.contentType))?.body,
    html: all.find((p) => /^text\/html/i.test(p.contentType))?.body,
  };
}
