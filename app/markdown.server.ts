/**
 * A deliberately small Markdown reader for our content pages: front matter,
 * headings, paragraphs, bullet and numbered lists, links, bold and italics.
 * A paragraph made only of links becomes a row of buttons (calls to action).
 * It produces a plain tree (no HTML strings), so no raw HTML can pass through.
 */
import { GAZETTEER_SOURCES } from "../db/gazetteer";
import * as z from "zod";

export type Inline = { t: "text"; v: string } | { t: "strong" | "em"; c: Inline[] } | { t: "link"; href: string; c: Inline[] };
export type Block =
  | { t: "h"; level: 2 | 3; c: Inline[] }
  | { t: "p"; c: Inline[] }
  | { t: "ul" | "ol"; items: Inline[][] }
  /** A paragraph of nothing but links: the page's calls to action, shown as buttons (the first is the main one). */
  | { t: "actions"; links: { href: string; c: Inline[] }[] };

export interface MarkdownPage {
  title: string;
  description: string;
  blocks: Block[];
}

const FrontMatter = z.object({ title: z.string().min(1), description: z.string().min(1) });

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  const re = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m.index > last) out.push({ t: "text", v: src.slice(last, m.index) });
    if (m[1] !== undefined) {
      const href = m[2]!;
      if (!/^(\/|#|https:\/\/|mailto:)/.test(href)) throw new Error(`Link not allowed: ${href}`);
      out.push({ t: "link", href, c: parseInline(m[1]) });
    } else if (m[3] !== undefined) out.push({ t: "strong", c: parseInline(m[3]) });
    else if (m[4] !== undefined) out.push({ t: "em", c: parseInline(m[4]) });
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push({ t: "text", v: src.slice(last) });
  return out;
}

export function parseMarkdown(name: string, source: string): MarkdownPage {
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!fm) throw new Error(`${name}: missing front matter`);
  const meta: Record<string, string> = {};
  for (const line of fm[1]!.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) meta[line.slice(0, i).trim()] = line.slice(i + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  const front = FrontMatter.safeParse(meta);
  if (!front.success) throw new Error(`${name}: front matter ${z.prettifyError(front.error)}`);
  if (/<[a-z!/]/i.test(source.slice(fm[0].length))) throw new Error(`${name}: raw HTML is not allowed`);

  const blocks: Block[] = [];
  for (const chunk of source.slice(fm[0].length).split(/\n\s*\n/)) {
    const lines = chunk.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
    if (!lines.length) continue;
    const first = lines[0]!;
    const h = /^(#{2,3})\s+(.*)$/.exec(first);
    if (h) {
      blocks.push({ t: "h", level: h[1]!.length as 2 | 3, c: parseInline(h[2]!) });
      if (lines.length > 1) blocks.push({ t: "p", c: parseInline(lines.slice(1).join(" ")) });
    } else if (lines.every((l) => /^[-*]\s+/.test(l))) {
      blocks.push({ t: "ul", items: lines.map((l) => parseInline(l.replace(/^[-*]\s+/, ""))) });
    } else if (lines.every((l) => /^\d+\.\s+/.test(l))) {
      blocks.push({ t: "ol", items: lines.map((l) => parseInline(l.replace(/^\d+\.\s+/, ""))) });
    } else {
      const c = parseInline(lines.join(" "));
      const links = c.filter((n) => n.t === "link");
      if (links.length && c.every((n) => n.t === "link" || (n.t === "text" && !n.v.trim()))) blocks.push({ t: "actions", links });
      else blocks.push({ t: "p", c });
    }
  }
  return { title: front.data.title, description: front.data.description, blocks };
}

// Every page under content/pages, validated when the server starts.
const sources = import.meta.glob("../content/pages/*.md", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export const PAGES: Record<string, MarkdownPage> = Object.fromEntries(
  Object.entries(sources).map(([path, src]) => {
    const slug = path.replace(/^.*\/(.+)\.md$/, "$1");
    return [slug, parseMarkdown(`content/pages/${slug}.md`, src)];
  }),
);

export function getPage(slug: string): MarkdownPage | undefined {
  return PAGES[slug];
}

/** The credits page: its Markdown and the gazetteer's data sources. */
export const creditsPage = () => ({ page: getPage("credits")!, sources: GAZETTEER_SOURCES });
