import type { Finding, Severity } from "../findings";
import { agentNamespace } from "../naming/agentNamespace";
import type { ProjectView } from "../rules/rule";
import { LineIndex, type Range } from "../text/positions";

/** A plain-data picture of the workspace's workers for views: worker -> environment -> binding, with health. */
export interface WorkerSummary {
  configFile: string;
  name?: string;
  environments: EnvironmentSummary[];
}

export interface EnvironmentSummary {
  name: string;
  label: string;
  range: Range;
  bindings: BindingSummary[];
  /** Findings about the environment itself (a missing binding, say). */
  problems: ProblemSummary[];
}

export interface BindingSummary {
  name: string;
  className?: string;
  scriptName?: string;
  range: Range;
  route?: string;
  problems: ProblemSummary[];
}

export interface ProblemSummary {
  ruleId: string;
  severity: Severity;
  message: string;
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range["start"], b: Range["start"]) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

export function summarizeWorkers(project: ProjectView, findings: Finding[]): WorkerSummary[] {
  return project.workers.map((worker) => {
    const lines = new LineIndex(worker.parsed.text);
    const own = findings.filter((f) => f.file === worker.file);
    const problem = (f: Finding): ProblemSummary => ({ ruleId: f.ruleId, severity: f.severity, message: f.message });
    const environments = [worker.topLevel, ...worker.environments].map((env) => {
      const keyRange = lines.rangeOf(env.name === "" ? { start: 0, end: 0 } : env.span);
      const bindings = env.durableObjects
        .filter((b) => b.name)
        .map((binding) => {
          const range = lines.rangeOf(binding.span);
          return {
            name: binding.name!.value,
            className: binding.className?.value,
            scriptName: binding.scriptName?.value,
            range,
            route: `/agents/${agentNamespace(binding.name!.value)}/:name`,
            problems: own.filter((f) => within(f.range, range)).map(problem),
          };
        });
      const problems = env.name === "" ? [] : own.filter((f) => f.range.start.line === keyRange.start.line && f.range.start.character === keyRange.start.character).map(problem);
      return { name: env.name, label: env.label, range: keyRange, bindings, problems };
    });
    return { configFile: worker.file, name: worker.topLevel.workerName?.value, environments };
  });
}
