/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
import { SMTPServer } from "smtp-server";
import net from "node:net";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
  header(name: string): string | null;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Messages by Message-ID, each counted once. */
  unique(): ReceivedMail[];
  close(): Promise<void>;
}

function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded);
  return m ? m[1]!.trim() : null;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: headerOf(raw, "Message-ID"),
          subject: headerOf(raw, "Subject"),
          header: (name) => headerOf(raw, name),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = (server.server as net.Server).address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    received,
    unique: () => [...new Map(received.map((m) => [m.messageId ?? m.raw, m])).values()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
