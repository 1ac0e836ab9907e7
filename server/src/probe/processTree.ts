import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as path from "node:path";

/**
 * Stopping a process and everything it started (wrangler and its workerd), per platform.
 *
 * - POSIX (Linux, macOS): the root is spawned `detached`, so it leads its own process group; a signal to
 *   `-pid` reaches the whole group, and `kill(-pid, 0)` tells whether any member is left.
 * - Windows has no process groups and no SIGINT between processes (Node's `process.kill` terminates
 *   the one process it names, children untouched). `taskkill /T /F /PID <pid>` ends the process and
 *   its descendants, found by parent process id, so it must run while the root is still alive; a
 *   console program cannot be asked to stop politely, so every stop is the forced one. The root is
 *   spawned without `detached`, which on Windows would give it a console of its own.
 */
export interface ProcessTree {
  /** `detached` for spawn: a group of its own where groups exist. */
  readonly detached: boolean;
  /** Ask the tree to stop (SIGINT, wrangler's Ctrl+C) or end it (SIGKILL). */
  signal(pid: number, signal: "SIGINT" | "SIGKILL"): void;
  /** True while the tree may still hold a live process (POSIX: any group member; Windows: the root). */
  alive(pid: number): boolean;
  /** The same two operations as Node code using builtins only, for a reaper run after the parent is gone. */
  scriptHelpers(pid: number): string;
}

type Run = (command: string, args: string[]) => Pick<SpawnSyncReturns<string>, "status" | "error">;

const runSync: Run = (command, args) => spawnSync(command, args, { encoding: "utf8", stdio: "ignore", windowsHide: true, shell: false, timeout: 10_000 });

/** taskkill.exe from the system folder, not whatever a project's PATH puts first. */
export function taskkillPath(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return root ? path.win32.join(root, "System32", "taskkill.exe") : "taskkill.exe";
}

/** The arguments that end a Windows process tree. */
export function taskkillArgs(pid: number): string[] {
  return ["/T", "/F", "/PID", String(pid)];
}

/** The host's process-tree handling; platform and command runner injectable for tests. */
export function processTree(platform: NodeJS.Platform = process.platform, run: Run = runSync, kill: typeof process.kill = process.kill.bind(process)): ProcessTree {
  const aliveBy = (target: number) => {
    try {
      kill(target, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  if (platform === "win32") {
    const taskkill = taskkillPath();
    return {
      detached: false,
      signal(pid) {
        // /T before the root is gone: taskkill finds the children through it.
        const result = run(taskkill, taskkillArgs(pid));
        if (result.error || result.status !== 0) {
          try {
            kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
      },
      alive: (pid) => aliveBy(pid),
      scriptHelpers: (pid) => `
        const alive = () => { try { process.kill(${pid}, 0); return true; } catch (e) { return e.code === "EPERM"; } };
        const kill = () => { try { require("node:child_process").spawnSync(${JSON.stringify(taskkill)}, ${JSON.stringify(taskkillArgs(pid))}, { stdio: "ignore", windowsHide: true }); } catch {} };`,
    };
  }
  return {
    detached: true,
    signal(pid, signal) {
      try {
        kill(-pid, signal);
      } catch {
        // The group is already gone.
      }
    },
    alive: (pid) => aliveBy(-pid),
    scriptHelpers: (pid) => `
      const alive = () => { try { process.kill(-${pid}, 0); return true; } catch (e) { return e.code === "EPERM"; } };
      const kill = () => { try { process.kill(-${pid}, "SIGKILL"); } catch {} };`,
  };
}

/** The host's. */
export const HOST_PROCESS_TREE: ProcessTree = processTree();
