#!/usr/bin/env node
// `npm start`: builds, then opens the bug report's project with the extension loaded, in a real VS Code.
//  - desktop VS Code when `code` is on PATH: `code --extensionDevelopmentPath=<this repo> <folder>`;
//  - otherwise code-server (VS Code in the browser, installed into .vscode-test/ on first use, ~3.5 min)
//    on a free port of 127.0.0.1 with the packaged .vsix installed; it prints the URL. Ctrl+C stops it.
// The folder is a fresh copy of examples/coder-agent in .vscode-test/playground/ (quick fixes you try
// leave the repository alone; its node_modules are linked so "Probe Agent Binding" finds wrangler), or
// the folder given: `npm start -- path/to/project`.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { CACHE_DIR, codeServerEnv, ensureVsCodeHost, ROOT } from "./vscode-host.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
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
  const folder = path.join(CACHE_DIR, "playground", "coder-agent");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(path.dirname(folder), { recursive: true });
  cpSync(example, folder, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });
  if (!existsSync(path.join(example, "node_modules"))) run(npm, ["ci", "--no-audit", "--no-fund"], { cwd: example });
  symlinkSync(path.join(example, "node_modules"), path.join(folder, "node_modules"), "dir");
  console.log(`Opening a fresh copy of examples/coder-agent: ${path.relative(ROOT, folder)}`);
  return folder;
}

const code = onPath("code");
if (code) {
  run(npm, ["run", "build"]);
  const folder = prepareFolder();
  run(code, ["--new-window", `--extensionDevelopmentPath=${ROOT}`, folder]);
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
run(npm, ["run", "package"]);
const folder = prepareFolder();
const startDir = path.join(CACHE_DIR, "start");
const userDataDir = path.join(startDir, "user-data");
const extensionsDir = path.join(startDir, "extensions");
mkdirSync(userDataDir, { recursive: true });
mkdirSync(extensionsDir, { recursive: true });
run(host.node, [host.codeServer, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--force", "--install-extension", path.join(ROOT, "vsix", "durable-object-doctor.vsix")], { env: codeServerEnv() });

const port = Number(process.env.PORT) || (await freePort());
const child = spawn(
  host.node,
  [host.codeServer, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-getting-started-override", "--reconnection-grace-time", "5", "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, folder],
  // Its own process group: stopping it stops its extension hosts and language servers too.
  { env: codeServerEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
let announced = false;
const echo = (chunk) => {
  const text = chunk.toString();
  if (process.env.DO_DOCTOR_VERBOSE) process.stdout.write(text);
  if (!announced && /HTTP server listening/.test(text)) {
    announced = true;
    console.log(`\ncode-server ${host.version} is running with Durable Object Doctor installed. Open:\n\n  ${url}\n\n(Ctrl+C stops it; trust the folder when asked to use "Probe Agent Binding".)`);
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
