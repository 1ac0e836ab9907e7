// What a probe may leave behind, observed from outside: processes (found by the TMPDIR every process
// of wrangler's tree inherits from the probe), their process groups, ports, temporary folders.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { portFree } from "../../server/src/probe/devServer";
import { TEMP_PREFIX } from "../../server/src/probe/runProbe";

export interface ProbeProcess {
  pid: number;
  pgid: number;
  cmdline: string;
}

/** Processes started by a probe: their environment carries TMPDIR=<os.tmpdir()>/do-doctor-probe-.../tmp. */
export function probeProcesses(): ProbeProcess[] {
  const marker = `TMPDIR=${path.join(os.tmpdir(), TEMP_PREFIX)}`;
  const found: ProbeProcess[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8");
      if (!environ.split("\0").some((v) => v.startsWith(marker))) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pgid is the 5th field; the 2nd (comm) may hold spaces, so count from the closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

export function probeTempFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(TEMP_PREFIX));
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Watches a probe while it runs: the groups and ports its processes use. */
export class ProbeWatcher {
  readonly groups = new Set<number>();
  readonly ports = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  start(): this {
    const sample = () => {
      for (const proc of probeProcesses()) {
        this.groups.add(proc.pgid);
        for (const match of proc.cmdline.matchAll(/--(?:inspector-)?port[ =](\d+)/g)) this.ports.add(Number(match[1]));
      }
    };
    sample();
    this.timer = setInterval(sample, 100);
    return this;
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** Everything the brief promises after a probe: no process of its groups, its ports free, no temp folder. */
export async function assertNothingLeft(watcher: ProbeWatcher, tempBefore: string[], fail: (message: string) => never, portsHeldByTest: number[] = []): Promise<void> {
  watcher.stop();
  const processes = probeProcesses();
  if (processes.length) fail(`probe processes still alive: ${processes.map((p) => `${p.pid} ${p.cmdline.slice(0, 120)}`).join("; ")}`);
  for (const pgid of watcher.groups) if (groupAlive(pgid)) fail(`process group ${pgid} is still alive`);
  for (const port of watcher.ports) if (!portsHeldByTest.includes(port) && !(await portFree(port))) fail(`port ${port} is still held`);
  const left = probeTempFolders().filter((name) => !tempBefore.includes(name));
  if (left.length) fail(`temporary folders left: ${left.join(", ")}`);
}
