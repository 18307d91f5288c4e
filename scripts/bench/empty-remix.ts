/**
 * An empty Remix v2 (Vite) app, built in a temporary directory outside the
 * repo with this repo's node_modules and Remix future flags: the baseline a
 * question page's JavaScript is compared with.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Fetcher } from "./js-weight";

export interface EmptyRemix {
  dir: string;
  html: string;
  fetcher: Fetcher;
  buildMs: number;
  cleanup(): void;
}

const ROOT = `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
`;

const ROUTES = `import { index, type RouteConfig } from "@remix-run/route-config";

export default [index("routes/_index.tsx")] satisfies RouteConfig;
`;

const INDEX = `export default function Index() {
  return null;
}
`;

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${output}`))));
  });
}

/**
 * Builds the empty app with `npx remix vite:build`. `remixOptions` are the
 * repo's Remix options (future flags, module format); `buildTarget` matches
 * the repo's vite.config so both bundles are minified for the same target.
 */
export async function buildEmptyRemix(repoRoot: string, remixOptions: { future?: object; serverModuleFormat?: string }, buildTarget: string): Promise<EmptyRemix> {
  const dir = mkdtempSync(path.join(tmpdir(), "pwcop-bench-empty-remix-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(path.join(dir, "app/routes"), { recursive: true });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    // Remix reads the server runtime and dependencies from package.json.
    const repoPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const pick = (deps: Record<string, string> | undefined, names: string[]) => Object.fromEntries(names.filter((n) => deps?.[n]).map((n) => [n, deps![n]!]));
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify(
        {
          name: "empty-remix",
          private: true,
          type: "module",
          dependencies: pick(repoPackage.dependencies, ["@remix-run/node", "@remix-run/react", "isbot", "react", "react-dom"]),
          devDependencies: pick(repoPackage.devDependencies, ["@remix-run/dev", "@remix-run/route-config", "vite"]),
        },
        null,
        2,
      ),
    );
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { jsx: "react-jsx", module: "ESNext", moduleResolution: "Bundler", target: "ES2022", strict: true } }, null, 2),
    );
    const options = { future: remixOptions.future ?? {}, serverModuleFormat: remixOptions.serverModuleFormat ?? "esm" };
    writeFileSync(
      path.join(dir, "vite.config.mjs"),
      `import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [remix(${JSON.stringify(options)})],
  build: { target: ${JSON.stringify(buildTarget)}, manifest: true },
});
`,
    );
    writeFileSync(path.join(dir, "app/root.tsx"), ROOT);
    writeFileSync(path.join(dir, "app/routes.ts"), ROUTES);
    writeFileSync(path.join(dir, "app/routes/_index.tsx"), INDEX);

    const started = performance.now();
    await run("npx", ["--no-install", "remix", "vite:build"], dir);
    const buildMs = performance.now() - started;

    const build = (await import(pathToFileURL(path.join(dir, "build/server/index.js")).href)) as ServerBuild;
    const handler = createRequestHandler(build, "production");
    const res = await handler(new Request("http://localhost/", { headers: { Accept: "text/html" } }));
    if (res.status !== 200) throw new Error(`empty Remix page answered ${res.status}`);
    const html = await res.text();
    const clientDir = path.join(dir, "build/client");
    const fetcher: Fetcher = async (urlPath) => readFileSync(path.join(clientDir, decodeURIComponent(urlPath)));
    return { dir, html, fetcher, buildMs, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
