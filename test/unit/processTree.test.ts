import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { processTree, taskkillArgs, taskkillPath } from "../../server/src/probe/processTree";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Alive and not a zombie waiting for a parent (Linux: state Z in /proc) to collect it. */
function pidAlive(pid: number): boolean {
  try {
    if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"))) return false;
  } catch {
    // no /proc (macOS), or gone
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

describe("process trees: stopping wrangler and what it started", () => {
  it("on Windows, ends the tree with the system's taskkill /T /F before anything else", () => {
    const calls: string[][] = [];
    const kills: [number, string | number | undefined][] = [];
    const tree = processTree(
      "win32",
      (command, args) => {
        calls.push([command, ...args]);
        return { status: 0, error: undefined };
      },
      ((pid: number, signal?: string | number) => {
        kills.push([pid, signal]);
        return true;
      }) as typeof process.kill,
    );
    assert.equal(tree.detached, false, "detached would open a console window of its own on Windows");
    tree.signal(4242, "SIGINT");
    assert.deepEqual(calls, [[taskkillPath(), "/T", "/F", "/PID", "4242"]]);
    assert.deepEqual(kills, [], "no process.kill when taskkill worked");
    assert.equal(tree.alive(4242), true);
    assert.deepEqual(kills, [[4242, 0]], "alive asks about the root's own pid (no groups on Windows)");
  });

  it("on Windows, falls back to killing the root when taskkill fails", () => {
    const kills: [number, string | number | undefined][] = [];
    const tree = processTree(
      "win32",
      () => ({ status: 128, error: undefined }),
      ((pid: number, signal?: string | number) => {
        kills.push([pid, signal]);
        return true;
      }) as typeof process.kill,
    );
    tree.signal(77, "SIGKILL");
    assert.deepEqual(kills, [[77, "SIGKILL"]]);
    assert.match(tree.scriptHelpers(77), /taskkill/);
    assert.deepEqual(taskkillArgs(77), ["/T", "/F", "/PID", "77"]);
  });

  it("finds taskkill in the system folder, not on a project's PATH", () => {
    assert.equal(taskkillPath({ SystemRoot: "C:\\Windows" }), "C:\\Windows\\System32\\taskkill.exe");
    assert.equal(taskkillPath({}), "taskkill.exe");
  });

  it("on POSIX, signals the whole group: the grandchild goes too", async function () {
    if (process.platform === "win32") this.skip(); // the POSIX branch needs process groups
    this.timeout(20_000);
    const tree = processTree();
    assert.equal(tree.detached, true);
    // A parent that starts a grandchild and prints its pid, as wrangler starts workerd.
    const script = `const c = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", script], { detached: tree.detached, stdio: ["ignore", "pipe", "ignore"] });
    const grandchild = await new Promise<number>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("error", reject);
    });
    try {
      assert.equal(tree.alive(child.pid!), true);
      assert.equal(pidAlive(grandchild), true);
      tree.signal(child.pid!, "SIGKILL");
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (tree.alive(child.pid!) || pidAlive(grandchild))) await sleep(50);
      assert.equal(pidAlive(grandchild), false, "the grandchild outlived the stop");
      assert.equal(tree.alive(child.pid!), false);
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }
  });

  it("the reaper's helpers work on their own (POSIX)", async function () {
    if (process.platform === "win32") this.skip(); // process groups and ps are POSIX; the win32 branch is the injected taskkill test above
    this.timeout(20_000);
    const tree = processTree();
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { detached: true, stdio: "ignore" });
    await sleep(200);
    const reaper = `${tree.scriptHelpers(child.pid!)}
      if (!alive()) process.exit(2);
      kill();
      const t = Date.now(); while (alive() && Date.now() - t < 5000) {}
      process.exit(alive() ? 3 : 0);`;
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, ["-e", reaper], { stdio: "ignore" }).on("close", resolve));
    assert.equal(code, 0);
    assert.equal(tree.alive(child.pid!), false);
  });
});
