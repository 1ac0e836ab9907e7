import * as fs from "node:fs";
import * as path from "node:path";

export interface WranglerInstall {
  /** The folder holding wrangler's package.json. */
  packageDir: string;
  /** wrangler's JS entry, run with `node` directly: a signal to an npx wrapper never reaches wrangler. */
  entry: string;
  version?: string;
}

/**
 * The project's own wrangler: `node_modules/wrangler` in the project folder or above it (monorepos).
 * Never a global or downloaded one: probing with another wrangler than the project's proves nothing.
 */
export function findWrangler(projectDir: string): WranglerInstall | undefined {
  let dir = path.resolve(projectDir);
  for (;;) {
    const packageDir = path.join(dir, "node_modules", "wrangler");
    const manifest = readManifest(path.join(packageDir, "package.json"));
    if (manifest) {
      const entry = binEntry(packageDir, manifest);
      if (entry && fs.existsSync(entry)) {
        return { packageDir, entry, version: typeof manifest.version === "string" ? manifest.version : undefined };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readManifest(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function binEntry(packageDir: string, manifest: Record<string, unknown>): string | undefined {
  const bin = manifest.bin;
  if (typeof bin === "string") return path.join(packageDir, bin);
  if (bin && typeof bin === "object") {
    const wrangler = (bin as Record<string, unknown>).wrangler;
    if (typeof wrangler === "string") return path.join(packageDir, wrangler);
  }
  const fallback = path.join(packageDir, "bin", "wrangler.js");
  return fs.existsSync(fallback) ? fallback : undefined;
}

/** The command that installs the project's own wrangler, for the wrangler-not-found fix. */
export function installCommand(projectDir: string): string {
  let dir = path.resolve(projectDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-lock.yaml"))) return "pnpm add -D wrangler";
    if (fs.existsSync(path.join(dir, "yarn.lock"))) return "yarn add -D wrangler";
    if (fs.existsSync(path.join(dir, "bun.lockb")) || fs.existsSync(path.join(dir, "bun.lock"))) return "bun add -d wrangler";
    if (fs.existsSync(path.join(dir, "package-lock.json"))) return "npm install --save-dev wrangler";
    const parent = path.dirname(dir);
    if (parent === dir) return "npm install --save-dev wrangler";
    dir = parent;
  }
}

/**
 * wrangler's flag for local mode with remote bindings disabled: `--local` ("Run locally with remote
 * bindings disabled") in the wrangler 4 releases measured (4.86, 4.123, 4.164). Read from the installed
 * wrangler's own help text so another version's meaning is never assumed.
 */
export function localModeFlag(wrangler: WranglerInstall): string | undefined {
  for (const file of [path.join(wrangler.packageDir, "wrangler-dist", "cli.js")]) {
    try {
      if (fs.readFileSync(file, "utf8").includes("Run locally with remote bindings disabled")) return "--local";
    } catch {
      // another layout: no flag
    }
  }
  return undefined;
}

/**
 * `--enable-containers=false` when the installed wrangler knows the flag ("enable-containers" in its
 * CLI): with it, wrangler dev builds no container image and needs no Docker; a Container class's
 * instances then refuse with "Containers have not been enabled for this Durable Object class".
 */
export function containersOffFlag(wrangler: WranglerInstall): string | undefined {
  try {
    if (fs.readFileSync(path.join(wrangler.packageDir, "wrangler-dist", "cli.js"), "utf8").includes("enable-containers")) return "--enable-containers=false";
  } catch {
    // another layout: no flag
  }
  return undefined;
}

/**
 * The JSON schema the project's installed wrangler ships (`node_modules/wrangler/config-schema.json`,
 * what `"$schema"` in a create-cloudflare project points at), found by walking up from the config's
 * folder as Node resolves packages; undefined when no wrangler there has one.
 */
export function wranglerConfigSchema(configDir: string): string | undefined {
  let dir = path.resolve(configDir);
  for (;;) {
    const file = path.join(dir, "node_modules", "wrangler", "config-schema.json");
    if (fs.existsSync(file)) return file;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
