// Bundles the CLI + language server, the VS Code client and the probe with esbuild.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * TypeScript (the parser) is its own file, dist/typescript.js, minified (loads in ~0.2 s instead of
 * ~0.3 s) and required only when a source must be parsed: the bundles refer to it by relative path.
 */
const typescriptBeside = {
  name: "typescript-beside",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^typescript$/ }, () => ({ path: "./typescript.js", external: true }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  // jsonc-parser's default entry is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ["module", "main"],
  logLevel: "warning",
  plugins: [typescriptBeside],
};

const entries = [
  // Minified (names kept): less to read and hash on every start, and a smaller V8 code cache.
  { entryPoints: ["server/src/cli/bin.ts"], outfile: "dist/cli.js", minify: true, keepNames: true },
  {
    entryPoints: ["node_modules/typescript/lib/typescript.js"],
    outfile: "dist/typescript.js",
    minify: true,
    sourcemap: false,
    plugins: [],
    // Optional in TypeScript, absent in a .vsix.
    external: ["source-map-support", "inspector"],
  },
];
if (existsSync("src/extension.ts")) {
  entries.push({ entryPoints: ["src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] });
  // Loaded by the extension on the first probe only.
  entries.push({ entryPoints: ["server/src/probe/index.ts"], outfile: "dist/probe.js" });
}

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));

// V8 accepts a code cache made for another source of the same length (it checks only the length),
// and then runs the old functions: bin/do-doctor.js names its cache by this fingerprint of the
// bundle instead, and caches of earlier builds are removed.
const fingerprint = createHash("sha256").update(readFileSync("dist/cli.js")).digest("hex").slice(0, 16);
writeFileSync("dist/cli.js.id", `${fingerprint}\n`);
for (const name of readdirSync("dist")) if (name.endsWith(".v8cache") && !name.includes(fingerprint)) rmSync(`dist/${name}`, { force: true });
