/**
 * The "Durable Objects" view's content, built from the server's workers summary. Plain data and no
 * `vscode` import, so it is unit-tested outside the editor.
 */

export interface RangeData {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ProblemData {
  ruleId: string;
  severity: "error" | "warning" | "info";
  message: string;
}

export interface WorkerData {
  configFile: string;
  configUri: string;
  name?: string;
  environments: {
    name: string;
    label: string;
    range: RangeData;
    problems: ProblemData[];
    bindings: { name: string; className?: string; scriptName?: string; range: RangeData; route?: string; problems: ProblemData[] }[];
  }[];
}

export type Health = "ok" | "warning" | "error";

export interface TreeNode {
  id: string;
  kind: "worker" | "environment" | "binding";
  label: string;
  description: string;
  tooltip: string;
  health: Health;
  /** Where a click goes. */
  location: { uri: string; range: RangeData };
  /** What "Probe" needs, on bindings. */
  probe?: { configFile: string; binding: string; environment: string };
  children: TreeNode[];
}

function healthOf(problems: ProblemData[]): Health {
  if (problems.some((p) => p.severity === "error")) return "error";
  if (problems.some((p) => p.severity === "warning")) return "warning";
  return "ok";
}

function worst(healths: Health[]): Health {
  return healths.includes("error") ? "error" : healths.includes("warning") ? "warning" : "ok";
}

function problemText(problems: ProblemData[]): string {
  return problems.map((p) => `${p.severity}: ${p.message} (${p.ruleId})`).join("\n");
}

export function buildTree(workers: WorkerData[], relativePath: (file: string) => string): TreeNode[] {
  return workers.map((worker) => {
    const environments = worker.environments
      // The top level always shows; a named environment shows when it has bindings or problems.
      .filter((env) => env.name === "" || env.bindings.length > 0 || env.problems.length > 0)
      .map((env): TreeNode => {
        const bindings = env.bindings.map(
          (binding): TreeNode => ({
            id: `${worker.configUri}#${env.name}#${binding.name}`,
            kind: "binding",
            label: binding.name,
            description: binding.scriptName ? `${binding.className ?? "?"} in ${binding.scriptName}` : (binding.className ?? "no class_name"),
            tooltip: [
              `${binding.name} -> ${binding.className ?? "?"}${binding.scriptName ? ` (script ${binding.scriptName})` : ""}`,
              binding.route && !binding.scriptName ? `Agents route: ${binding.route}` : "",
              problemText(binding.problems),
            ]
              .filter(Boolean)
              .join("\n"),
            health: healthOf(binding.problems),
            location: { uri: worker.configUri, range: binding.range },
            probe: binding.scriptName ? undefined : { configFile: worker.configFile, binding: binding.name, environment: env.name },
            children: [],
          }),
        );
        const own = healthOf(env.problems);
        return {
          id: `${worker.configUri}#${env.name}`,
          kind: "environment",
          label: env.name === "" ? "top level" : env.label,
          description: env.bindings.length === 0 ? "no Durable Object bindings" : `${env.bindings.length} binding${env.bindings.length === 1 ? "" : "s"}`,
          tooltip: problemText(env.problems) || env.label,
          health: worst([own, ...bindings.map((b) => b.health)]),
          location: { uri: worker.configUri, range: env.range },
          children: bindings,
        };
      });
    return {
      id: worker.configUri,
      kind: "worker",
      label: worker.name ?? relativePath(worker.configFile),
      description: relativePath(worker.configFile),
      tooltip: worker.configFile,
      health: worst(environments.map((e) => e.health)),
      location: { uri: worker.configUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      children: environments,
    };
  });
}

/** The status bar text for a number of Durable Object problems. */
export function statusText(errors: number, warnings: number): { text: string; tooltip: string } {
  if (errors === 0 && warnings === 0) return { text: "$(check) DO", tooltip: "Durable Object Doctor: no problems" };
  const parts = [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""].filter(Boolean);
  return { text: `$(${errors ? "error" : "warning"}) DO ${errors + warnings}`, tooltip: `Durable Object Doctor: ${parts.join(", ")} (click to show the Durable Objects view)` };
}
