// Whole-process measurements: wall time (to exit, and to the first output matching a pattern) and
// peak RSS, through /usr/bin/time -v when present, else by polling /proc/<pid>/status VmHWM.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

const TIME = "/usr/bin/time";

/** Makes sure GNU time is there (Debian package `time`), installing it when root; false if not. */
export function ensureGnuTime() {
  if (existsSync(TIME)) return true;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("installing GNU time (apt-get install time) for peak RSS...");
    spawnSync("apt-get", ["install", "-y", "-qq", "time"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  return existsSync(TIME);
}

/** A /proc/<pid>/status field in MB (VmRSS, VmHWM), or undefined once the process is gone. */
export function procStatusMb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

let counter = 0;

/**
 * Runs a command to its exit. `until` (a RegExp) records when stdout or stderr first matches it.
 * Returns { wallMs, untilMs, exitCode, stdout, stderr, peakRssMb, cpuMs } (cpuMs with GNU time only).
 */
export function runProcess(command, args, { cwd, env, until, useTime = existsSync(TIME), timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const report = path.join(os.tmpdir(), `do-doctor-bench-time-${process.pid}-${counter++}.txt`);
    const [cmd, argv] = useTime ? [TIME, ["-v", "-o", report, command, ...args]] : [command, args];
    const start = performance.now();
    const child = spawn(cmd, argv, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let untilMs;
    let polledHwm = 0;
    const check = () => {
      if (until && untilMs === undefined && (until.test(stdout) || until.test(stderr))) untilMs = performance.now() - start;
    };
    child.stdout.on("data", (chunk) => ((stdout += chunk), check()));
    child.stderr.on("data", (chunk) => ((stderr += chunk), check()));
    const poll = useTime
      ? undefined
      : setInterval(() => {
          const hwm = procStatusMb(child.pid, "VmHWM");
          if (hwm !== undefined) polledHwm = Math.max(polledHwm, hwm);
        }, 5);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - start;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakRssMb = polledHwm || undefined;
      let exitCode = code;
      /** CPU time of the process (user + sys), which a loaded machine does not inflate as it does wall time. */
      let cpuMs;
      if (useTime) {
        try {
          const text = readFileSync(report, "utf8");
          const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
          if (kb) peakRssMb = Number(kb[1]) / 1024;
          const user = /User time \(seconds\): ([\d.]+)/.exec(text);
          const system = /System time \(seconds\): ([\d.]+)/.exec(text);
          if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
          const status = /Exit status: (\d+)/.exec(text);
          if (status) exitCode = Number(status[1]);
          else if (/Command terminated by signal/.test(text)) exitCode = null;
        } catch {
          // no report: the command could not start
        }
        rmSync(report, { force: true });
      }
      resolve({ wallMs, untilMs, exitCode, signal, stdout, stderr, peakRssMb, cpuMs });
    });
  });
}

/** Nearest-rank percentile of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const round = (value, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** One line describing this machine, for results and baselines. */
export function machineDescription() {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim();
  const gb = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${cpus.length} cores, ${gb} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}
