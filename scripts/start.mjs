#!/usr/bin/env node
// `npm start`: builds, then opens the bug report's project with the extension loaded, in a real VS Code.
//  - desktop VS Code when `code` is on PATH: `code --extensionDevelopmentPath=<this repo> <folder>`;
//  - otherwise code-server (VS Code in the browser, installed into .vscode-test/ on first use, ~3.5 min)
//    on a free port of 127.0.0.1 with the packaged .vsix installed; it prints the URL. Ctrl+C stops it.
// The folder is a fresh copy of examples/coder-agent in .vscode-test/playground/ (quick fixes you try
// leave the repository alone; its node_modules are linked so "Probe Agent Binding" finds wrangler), or
// the folder given: `npm start -- path/to/project`.
//
// A first run should show the extension, not the editor's own first-run pages: code-server starts with
// wrangler's config open and the Problems panel showing (src/startLayout.ts, told by
// DO_DOCTOR_START_LAYOUT), with the welcome page and the chat panel off (settings of its own profile in
// .vscode-test/start, never the user's). The playground is trusted, so "Probe Agent Binding" runs at once:
// code-server keeps the folders a user trusted in the browser's storage, which a launcher cannot fill,
// so it starts with workspace trust off (--disable-workspace-trust) when it opens the playground, and
// only then; a folder you name (`npm start -- dir`) opens in Restricted Mode until you trust it.
//
// Env: PORT (default: a free one), DO_DOCTOR_START_DIR (profile and playground; default .vscode-test),
// DO_DOCTOR_VSIX (install this .vsix instead of packaging one).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { CACHE_DIR, codeServerEnv, ensureVsCodeHost, ROOT } from "./vscode-host.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const STATE_DIR = process.env.DO_DOCTOR_START_DIR ? path.resolve(process.env.DO_DOCTOR_START_DIR) : CACHE_DIR;

/**
 * Windows runs `.cmd` shims (npm.cmd, code.cmd) only through cmd.exe: since Node 18.20.2 / 20.12.2
 * spawning one without a shell fails with EINVAL (CVE-2024-27980). Quoted for cmd.exe here.
 */
function spawnable(command, args) {
  if (process.platform !== "win32" || !/\.(cmd|bat)$/i.test(command)) return { command, args, options: {} };
  const quote = (a) => `"${String(a).replace(/"/g, '""')}"`;
  return { command: process.env.ComSpec ?? "cmd.exe", args: ["/d", "/s", "/c", `"${[command, ...args].map(quote).join(" ")}"`], options: { windowsVerbatimArguments: true } };
}

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const spawned = spawnable(command, args);
  const result = spawnSync(spawned.command, spawned.args, { stdio: "inherit", cwd: ROOT, ...spawned.options, ...options });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal ?? result.error?.message})`);
    process.exit(result.status || 1);
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const ext of process.platform === "win32" ? [".cmd", ".exe", ""] : [""]) {
      if (dir && existsSync(path.join(dir, name + ext))) return path.join(dir, name + ext);
    }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function prepareFolder() {
  const given = process.argv[2];
  if (given) {
    const folder = path.resolve(given);
    if (!existsSync(folder)) {
      console.error(`npm start: ${folder} does not exist`);
      process.exit(2);
    }
    return folder;
  }
  const example = path.join(ROOT, "examples", "coder-agent");
  const folder = path.join(STATE_DIR, "playground", "coder-agent");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(path.dirname(folder), { recursive: true });
  cpSync(example, folder, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });
  if (!existsSync(path.join(example, "node_modules"))) run(npm, ["ci", "--no-audit", "--no-fund"], { cwd: example });
  symlinkSync(path.join(example, "node_modules"), path.join(folder, "node_modules"), "dir");
  console.log(`Opening a fresh copy of examples/coder-agent: ${path.relative(ROOT, folder)}`);
  return folder;
}

/** The settings of the start profile (ours, in .vscode-test/start): keys the user set there win. */
function writeStartSettings(userDataDir) {
  const file = path.join(userDataDir, "User", "settings.json");
  let settings = {};
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      console.log(`npm start: ${file} is not plain JSON (comments?); left as it is`);
      return;
    }
  }
  const defaults = {
    // No welcome page, no walkthrough popping up, no chat: the extension's config and findings first.
    "workbench.startupEditor": "none",
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.tips.enabled": false,
  };
  let changed = !existsSync(file);
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in settings)) {
      settings[key] = value;
      changed = true;
    }
  }
  if (!changed) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

const firstConfig = (folder) => ["wrangler.jsonc", "wrangler.json", "wrangler.toml"].map((name) => path.join(folder, name)).find((file) => existsSync(file));

const code = onPath("code");
if (code && !process.env.DO_DOCTOR_START_DIR) {
  run(npm, ["run", "build"]);
  const folder = prepareFolder();
  const config = firstConfig(folder);
  run(code, ["--new-window", `--extensionDevelopmentPath=${ROOT}`, folder, ...(config ? [config] : [])]);
  console.log("VS Code opened the folder with the extension under development loaded (its Output panel: Durable Object Doctor).");
  process.exit(0);
}

let host;
try {
  host = ensureVsCodeHost({ browser: false });
} catch (error) {
  console.error(`npm start: no \`code\` on PATH, and code-server could not be installed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// Builds too (vscode:prepublish), then the .vsix that code-server installs.
const vsix = process.env.DO_DOCTOR_VSIX ? path.resolve(process.env.DO_DOCTOR_VSIX) : path.join(ROOT, "vsix", "durable-object-doctor.vsix");
if (!process.env.DO_DOCTOR_VSIX) run(npm, ["run", "package"]);
const playground = !process.argv[2];
const folder = prepareFolder();
const startDir = path.join(STATE_DIR, "start");
const userDataDir = path.join(startDir, "user-data");
const extensionsDir = path.join(startDir, "extensions");
mkdirSync(userDataDir, { recursive: true });
mkdirSync(extensionsDir, { recursive: true });
writeStartSettings(userDataDir);
run(host.node, [host.codeServer, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--force", "--install-extension", vsix], { env: codeServerEnv() });

const port = Number(process.env.PORT) || (await freePort());
const child = spawn(
  host.node,
  [
    host.codeServer,
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    "--reconnection-grace-time",
    "5",
    ...(playground ? ["--disable-workspace-trust"] : []),
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
    folder,
  ],
  // Its own process group: stopping it stops its extension hosts and language servers too.
  { env: { ...codeServerEnv(), DO_DOCTOR_START_LAYOUT: folder }, detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
// The config opens with the window (VS Code's web "openFile" payload), before the extension arranges the panel.
const config = firstConfig(folder);
const payload = config ? [["openFile", `vscode-remote://127.0.0.1:${port}${config.split(path.sep).join("/")}`], ["skipWelcome", "true"]] : [["skipWelcome", "true"]];
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
let announced = false;
const echo = (chunk) => {
  const text = chunk.toString();
  if (process.env.DO_DOCTOR_VERBOSE) process.stdout.write(text);
  if (!announced && /HTTP server listening/.test(text)) {
    announced = true;
    const trust = playground ? "the playground is trusted, so \"Probe Agent Binding\" runs" : "trust the folder when asked to use \"Probe Agent Binding\"";
    console.log(`\ncode-server ${host.version} is running with Durable Object Doctor installed. Open:\n\n  ${url}\n\n(Ctrl+C stops it; ${trust}.)`);
  }
};
child.stdout.on("data", echo);
child.stderr.on("data", echo);

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping code-server...");
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
  const hard = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  hard.unref();
  child.once("close", () => process.exit(signal === "SIGINT" ? 130 : 0));
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGHUP", () => stop("SIGHUP"));
process.on("exit", () => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
});
child.on("close", (exitCode, signal) => {
  if (!stopping) {
    console.error(`code-server exited (${exitCode ?? signal})`);
    process.exit(exitCode || 1);
  }
});
