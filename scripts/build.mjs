// Bundles the CLI (engine included) and the VS Code client with esbuild.
import { build } from "esbuild";
import { existsSync } from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  // jsonc-parser's default entry is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ["module", "main"],
  logLevel: "warning",
};

const entries = [{ entryPoints: ["server/src/cli/bin.ts"], outfile: "dist/cli.js" }];
if (existsSync("src/extension.ts")) {
  entries.push({ entryPoints: ["src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] });
  // Loaded by the extension on the first probe only.
  entries.push({ entryPoints: ["server/src/probe/index.ts"], outfile: "dist/probe.js" });
}

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
