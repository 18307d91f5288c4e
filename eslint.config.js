// Lint for the whole repository: `npm run lint`, part of `npm test`.
// See docs/decisions/019-house-layout-and-lint.md.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import { importX, createNodeResolver } from "eslint-plugin-import-x";
import globals from "globals";

export default defineConfig(
  {
    ignores: ["build/**", "public/build/**", ".cache/**", "data/**", "test-results/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { "import-x": importX },
    settings: {
      // Our relative imports are mostly extensionless and name .ts/.tsx files:
      // resolve them as TypeScript does (moduleResolution "Bundler"), and let
      // import-x parse .ts/.tsx when it follows them. Without both settings
      // no-cycle silently skips every TypeScript file.
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] })],
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      // The house layout (docs/decisions/019-house-layout-and-lint.md): machines/
      // and content/ import nothing of ours; routes reach the database only
      // through app/**/*.server.ts.
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./machines", from: ["./app", "./db", "./server", "./content", "./scripts", "./tests"] },
            { target: "./content", from: ["./app", "./db", "./server", "./machines", "./scripts", "./tests"] },
            { target: "./app/routes", from: "./db" },
            { target: "./app/root.tsx", from: "./db" },
          ],
        },
      ],
      // Our input and email hardening matches control characters on purpose, always written as \u escapes.
      "no-control-regex": "off",
      // `let` is right when a callback may read the variable before its one assignment (a const would be in its TDZ).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // `const { secret: _secret, ...rest } = x` is how we drop a property.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
      // Module augmentation (`interface AppLoadContext extends Services {}`) needs the empty interface.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    // No import cycles among our files (packages are not followed). Test files
    // are left out: nothing imports one, so none can be on a cycle, and the
    // rule need not walk every test's imports again.
    files: ["**/*.{js,ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // React lives only in app/**/*.tsx (tests/ has helpers named use…, which are not hooks).
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    extends: [jsxA11y.flatConfigs.recommended],
    rules: {
      // The two rules of hooks. The plugin's recommended set adds React
      // Compiler checks: they found nothing here, but they compile every
      // component again and took a quarter of the lint's time; we do not use the compiler.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // A wide table scrolls inside a labelled region, which must take focus so
      // keyboard users can scroll it (axe: scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
);
