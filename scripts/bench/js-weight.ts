/**
 * JavaScript weight of a server-rendered page: the files its HTML makes the
 * browser load (modulepreload links, the entry module script and whatever
 * those import statically), each compressed on its own as it would travel.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export interface JsFile {
  path: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Totals {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Reads an asset by its URL path ("/assets/x.js"). */
export type Fetcher = (urlPath: string) => Promise<Buffer>;

export function compressed(path: string, body: Buffer): JsFile {
  return {
    path,
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length,
  };
}

export function totals(files: readonly JsFile[]): Totals {
  return files.reduce((t, f) => ({ files: t.files + 1, raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), {
    files: 0,
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i").exec(tag)?.[1] ?? new RegExp(`\\s${name}\\s*=\\s*'([^']*)'`, "i").exec(tag)?.[1];

export interface HtmlScripts {
  /** <link rel="modulepreload" href>. */
  preloads: string[];
  /** <script src> and the specifiers imported by inline module scripts (the entry). */
  entry: string[];
  /** Bytes of inline <script> bodies (Remix context, manifest, route imports); part of the HTML, not counted as JS files. */
  inlineBytes: number;
  inlineScripts: string[];
}

export function scriptsInHtml(html: string): HtmlScripts {
  const preloads: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if ((attr(tag, "rel") ?? "").toLowerCase() === "modulepreload") {
      const href = attr(tag, "href");
      if (href) preloads.push(href);
    }
  }
  const entry: string[] = [];
  const inlineScripts: string[] = [];
  let inlineBytes = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? "";
    const body = m[2] ?? "";
    const src = attr(` ${attrs}`, "src");
    if (src) entry.push(src);
    if (body.trim()) {
      inlineScripts.push(body);
      inlineBytes += Buffer.byteLength(body);
    }
    if ((attr(` ${attrs}`, "type") ?? "") === "module") {
      for (const im of body.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) entry.push(im[1]!);
    }
  }
  return { preloads: unique(preloads), entry: unique(entry), inlineBytes, inlineScripts };
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
const resolve = (spec: string, from: string) => new URL(spec, `http://bench${from}`).pathname;

/** Relative static imports of a built chunk (`import{…}from"./x.js"`, `import"./x.js"`, `export{…}from"./x.js"`). */
export function staticImports(urlPath: string, code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\bfrom\s*["'](\.{1,2}\/[^"']+\.m?js)["']/g)) out.push(resolve(m[1]!, urlPath));
  for (const m of code.matchAll(/\bimport\s*["'](\.{1,2}\/[^"']+\.m?js)["']/g)) out.push(resolve(m[1]!, urlPath));
  return unique(out);
}

/** Relative dynamic imports of a built chunk (`import("./x.js")`). */
export function dynamicImports(urlPath: string, code: string): string[] {
  return unique([...code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+\.m?js)["']\s*\)/g)].map((m) => resolve(m[1]!, urlPath)));
}

/** The given files and every file they import statically, in discovery order. */
export async function staticClosure(start: readonly string[], fetcher: Fetcher, cache: Map<string, Buffer>): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    let body = cache.get(p);
    if (!body) {
      body = await fetcher(p);
      cache.set(p, body);
    }
    for (const dep of staticImports(p, body.toString("utf8"))) if (!seen.has(dep)) queue.push(dep);
  }
  return [...seen];
}

/** Parses the JSON object assigned after `marker` (e.g. `window.__remixManifest=`), scanning braces outside strings. */
export function jsonAfter(text: string, marker: string): unknown {
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  const start = text.indexOf("{", at + marker.length);
  if (start < 0) return undefined;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      try {
        return JSON.parse(text.slice(start, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface PageJs {
  url: string;
  firstLoad: JsFile[];
  inlineBytes: number;
  /** Route module chunks by Remix route id, from the Remix manifest (when found). */
  routeModules: Record<string, string>;
  cache: Map<string, Buffer>;
}

/** Everything a page's HTML makes the browser fetch as JavaScript before it is interactive. */
export async function firstLoadJs(url: string, html: string, fetcher: Fetcher): Promise<PageJs> {
  const scripts = scriptsInHtml(html);
  const cache = new Map<string, Buffer>();
  const paths = await staticClosure([...scripts.preloads, ...scripts.entry], fetcher, cache);
  const firstLoad = paths.map((p) => compressed(p, cache.get(p)!));
  // The Remix manifest is inline (lazy route discovery) or in manifest-*.js.
  const routeModules: Record<string, string> = {};
  for (const text of [...scripts.inlineScripts, ...paths.map((p) => cache.get(p)!.toString("utf8"))]) {
    const manifest = jsonAfter(text, "__remixManifest") as { routes?: Record<string, { module?: string }> } | undefined;
    for (const [id, r] of Object.entries(manifest?.routes ?? {})) if (r.module) routeModules[id] = r.module;
  }
  return { url, firstLoad, inlineBytes: scripts.inlineBytes, routeModules, cache };
}

export interface LazyJs {
  /** How the lazy chunks were found. */
  source: string;
  /** Chunks that arrive on first interaction and were not already loaded. */
  files: JsFile[];
  /** The dynamic-import entry points these came from. */
  entries: string[];
}

interface ViteManifestEntry {
  file: string;
  src?: string;
  imports?: string[];
  isDynamicEntry?: boolean;
}

/**
 * The chunks a question page loads when someone first touches its form:
 * the `form-enhancer` chunk and the step's schema chunk, with their static
 * imports, minus what the first load already brought.
 */
export async function lazyOnFirstUse(
  page: PageJs,
  opts: { viteManifestPath: string; enhancerSrc: string; schemaSrc: string; stepRouteId: string },
  fetcher: Fetcher,
): Promise<LazyJs> {
  const loaded = new Set(page.firstLoad.map((f) => f.path));
  let entries: string[];
  let source: string;
  if (existsSync(opts.viteManifestPath)) {
    const manifest = JSON.parse(readFileSync(opts.viteManifestPath, "utf8")) as Record<string, ViteManifestEntry>;
    const find = (src: string) => Object.entries(manifest).find(([key, e]) => key === src || e.src === src)?.[1];
    entries = [opts.enhancerSrc, opts.schemaSrc].map((src) => {
      const e = find(src);
      if (!e) throw new Error(`${opts.viteManifestPath} has no entry for ${src}`);
      return `/${e.file}`;
    });
    source = `Vite manifest (${path.relative(process.cwd(), opts.viteManifestPath)})`;
  } else {
    // No Vite manifest (Remix deletes it unless vite.config sets build.manifest):
    // read the dynamic import() calls in the chunks the page already loaded.
    const dynamic = new Map<string, string[]>();
    for (const f of page.firstLoad) dynamic.set(f.path, dynamicImports(f.path, page.cache.get(f.path)!.toString("utf8")));
    const all = unique([...dynamic.values()].flat());
    const enhancer = all.filter((p) => /\/form-enhancer-[^/]*\.js$/.test(p));
    const routeChunk = page.routeModules[opts.stepRouteId] ?? page.firstLoad.find((f) => /\/eligibility\._step-[^/]*\.js$/.test(f.path))?.path;
    const schema = routeChunk ? (dynamic.get(routeChunk) ?? []) : [];
    if (enhancer.length !== 1) throw new Error(`expected one form-enhancer chunk among the page's dynamic imports, found ${JSON.stringify(all)}`);
    if (schema.length === 0) throw new Error(`no dynamic import in the step route chunk ${routeChunk ?? "(not found)"}`);
    entries = [...enhancer, ...schema];
    source = `dynamic import() calls in the loaded chunks (no ${path.relative(process.cwd(), opts.viteManifestPath)})`;
  }
  const paths = await staticClosure(entries, fetcher, page.cache);
  const files = paths.filter((p) => !loaded.has(p)).map((p) => compressed(p, page.cache.get(p)!));
  return { source, files, entries };
}
