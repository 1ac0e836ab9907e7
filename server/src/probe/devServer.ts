import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import { stripAnsi } from "./output";
import { HOST_PROCESS_TREE, type ProcessTree } from "./processTree";

export type Stream = "stdout" | "stderr";

export interface DevServerOptions {
  /** The Node.js binary that runs the script (default: the one running this process). */
  node?: string;
  /** `node` runs this script (wrangler's JS entry) with these arguments. */
  script: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onLine(stream: Stream, line: string): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  /** Node code (builtins only) the reaper runs once the group is gone, when the parent exits before stopping it. */
  cleanupScript?: string;
  /** How the process tree is stopped (default: the host platform's). */
  tree?: ProcessTree;
}

/** Time between SIGINT to the group and SIGKILL: wrangler and workerd stop in 1.2-2.5 s after SIGINT. */
export const STOP_GRACE_MS = 5000;

const READY_LINE = /Ready on (https?:\/\/[^\s]+)/;

/** The URL in wrangler's `[wrangler:info] Ready on http://127.0.0.1:<port>` line, if this is it. */
export function readyUrl(line: string): string | undefined {
  return READY_LINE.exec(line)?.[1];
}

/**
 * One `wrangler dev` process tree, owned: spawned without a shell (node runs wrangler's JS entry, so no
 * `.cmd` shim is involved on Windows), in its own group on POSIX (`detached`), stopped with SIGINT to
 * the whole group and SIGKILL after a grace period; on Windows with `taskkill /T /F` (processTree.ts).
 * A process 'exit' handler stops it if the parent ends first (wrangler would otherwise outlive it).
 */
export class DevServer {
  private readonly child: ChildProcess;
  private exited = false;
  private exitWaiters: (() => void)[] = [];
  private readonly onParentExit = () => this.stopFromExitHandler();
  readonly pid: number | undefined;
  private readonly cleanupScript: string | undefined;
  private readonly tree: ProcessTree;

  constructor(options: DevServerOptions) {
    this.cleanupScript = options.cleanupScript;
    this.tree = options.tree ?? HOST_PROCESS_TREE;
    this.child = spawn(options.node ?? process.execPath, [options.script, ...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: this.tree.detached,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    this.pid = this.child.pid;
    process.on("exit", this.onParentExit);
    splitLines(this.child.stdout, (line) => options.onLine("stdout", line));
    splitLines(this.child.stderr, (line) => options.onLine("stderr", line));
    this.child.on("error", () => {
      // spawn failures (no such file) surface as an exit without a code.
      this.markExited();
      options.onExit(null, null);
    });
    this.child.on("exit", (code, signal) => {
      this.markExited();
      options.onExit(code, signal);
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  /** True while any process of the group is alive (wrangler's workerd children included). */
  groupAlive(): boolean {
    return this.pid !== undefined && this.tree.alive(this.pid);
  }

  /** SIGINT to the group, SIGKILL to the group after the grace period; resolves once the group is gone. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return this.detach();
    const alive = () => this.tree.alive(pid);
    this.tree.signal(pid, "SIGINT");
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && (this.running || alive())) await delay(50);
    if (this.running || alive()) {
      this.tree.signal(pid, "SIGKILL");
      const killDeadline = Date.now() + 3000;
      while (Date.now() < killDeadline && (this.running || alive())) await delay(50);
    }
    await Promise.race([this.waitForExit(), delay(1000)]);
    this.detach();
  }

  waitForExit(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  private markExited() {
    if (this.exited) return;
    this.exited = true;
    for (const waiter of this.exitWaiters.splice(0)) waiter();
  }

  private detach() {
    process.removeListener("exit", this.onParentExit);
  }

  /**
   * The parent is exiting: nothing asynchronous runs any more. SIGINT lets wrangler clean up after
   * itself; a small detached reaper sends SIGKILL to the group after the grace period if it is still there.
   */
  private stopFromExitHandler() {
    const pid = this.pid;
    if (pid === undefined || !this.tree.alive(pid)) return;
    this.tree.signal(pid, "SIGINT");
    const reaperScript = `${this.tree.scriptHelpers(pid)}
      const cleanup = () => { try { ${this.cleanupScript ?? ""} } catch {} };
      const started = Date.now();
      const poll = setInterval(() => {
        if (!alive()) { clearInterval(poll); return cleanup(); }
        if (Date.now() - started > ${STOP_GRACE_MS}) {
          clearInterval(poll);
          kill();
          setTimeout(cleanup, 500);
        }
      }, 100);`;
    try {
      const reaper = spawn(process.execPath, ["-e", reaperScript], { detached: true, stdio: "ignore", shell: false, windowsHide: true });
      reaper.unref();
    } catch {
      this.tree.signal(pid, "SIGKILL");
    }
  }
}

function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void) {
  if (!stream) return;
  stream.setEncoding("utf8");
  let pending = "";
  stream.on("data", (chunk: string) => {
    pending += chunk;
    let newline = pending.search(/\r?\n/);
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(pending[newline] === "\r" ? newline + 2 : newline + 1);
      onLine(stripAnsi(line));
      newline = pending.search(/\r?\n/);
    }
  });
  stream.on("end", () => {
    if (pending) onLine(stripAnsi(pending));
    pending = "";
  });
}

/**
 * Free TCP ports on 127.0.0.1, chosen by the system (port 0). All are held until all are chosen, so
 * the same port is never returned twice; they are released before wrangler binds them.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
      const address = server.address();
      if (!address || typeof address === "string") throw new Error("no port assigned");
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** True when nothing listens on 127.0.0.1:port (a bind succeeds). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
