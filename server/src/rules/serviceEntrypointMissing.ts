import * as path from "node:path";
import { allEnvironments, type Environment, type ServiceBinding, type WorkerConfig } from "../project/model";
import { resolveExport } from "../source/exportGraph";
import type { Rule, RuleContext } from "./rule";
import { deployedWorkerName, entryClassExports } from "../facts/workerFacts";
import { replaceStringValue } from "../edits/configEdits";
import { onlyNearName } from "../naming/nearestName";
import { workerNames } from "../facts/workerNames";

/** A worker environment of the workspace that deploys under the name a service binding targets. */
interface Target {
  worker: WorkerConfig;
  env: Environment;
}

function targetsOf(context: RuleContext, service: ServiceBinding): Target[] {
  const name = service.service!.value;
  const found: Target[] = [];
  for (const worker of context.workers) {
    for (const env of allEnvironments(worker)) if (deployedWorkerName(worker, env) === name) found.push({ worker, env });
  }
  return found;
}

type Verdict = { kind: "exported" } | { kind: "unknown" } | { kind: "missing"; entry: string } | { kind: "wrongBase"; entry: string; base: string; baseModule: string };

/** What the target's entry exports under `entrypoint`, when that can be known. */
function judge(context: RuleContext, target: Target, entrypoint: string): Verdict {
  const { worker, env } = target;
  const main = env.main?.value.value;
  const entry = context.sources(worker, env)?.entryModule;
  // Only the entry `main` names itself: a build output not built yet (its source stands in) may export more.
  if (!main || !entry || path.resolve(worker.dir, main) !== entry.file) return { kind: "unknown" };
  // `export * from "<package>"` may export anything.
  for (const star of entry.starExports) if (!star.typeOnly && context.store.resolver.resolve(entry.file, star.from).kind !== "file") return { kind: "unknown" };
  const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
  const located = resolveExport(context.store, entry, entrypoint);
  if (!located) return { kind: "missing", entry: entryName };
  if (located.kind !== "class") return { kind: "exported" };
  const facts = context.classFacts(located.module, located.declaration);
  // A Durable Object class is not an entrypoint (measured: every call fails). A Workflow class answers
  // RPC through a service binding (measured with wrangler dev 4.86 and 4.164), so it is not judged,
  // nor is a class from an unknown base.
  const root = facts.root;
  if (root && (facts.kind === "durable-object" || facts.kind === "agent" || facts.kind === "partyserver")) {
    return { kind: "wrongBase", entry: entryName, base: root.name, baseModule: root.module };
  }
  return { kind: "exported" };
}

export const serviceEntrypointMissing: Rule = {
  meta: {
    id: "service-entrypoint-missing",
    defaultSeverity: "error",
    facts: [workerNames],
    description: "A service binding's `entrypoint` names an export that the target worker of this workspace does not have (or that is a Durable Object or Workflow class).",
    fixable: true,
    messages: {
      missing:
        'Service binding "{{binding}}" asks worker "{{service}}" for the entrypoint "{{entrypoint}}", but its entry {{entry}} has no export of that name. workerd refuses to start: "Worker \\"...\\"\'s binding \\"{{binding}}\\" refers to service \\"...\\" with a named entrypoint \\"{{entrypoint}}\\", but \\"...\\" has no such named entrypoint." Export a class extending `WorkerEntrypoint` named {{entrypoint}} from {{entry}}, or fix `entrypoint`.',
      wrongBase:
        'Service binding "{{binding}}" asks worker "{{service}}" for the entrypoint "{{entrypoint}}", but that export of {{entry}} extends {{base}} (from "{{baseModule}}"): a Durable Object class is not a named entrypoint. wrangler dev starts, then every call on the binding fails with "internal error" (workerd logs "worker is not an actor but class name was requested"). Bind an export that extends `WorkerEntrypoint`.',
      defaultEntrypoint:
        'Service binding "{{binding}}" sets `entrypoint: "default"`: workerd looks for a named entrypoint called "default" and wrangler dev refuses to start with "... has no such named entrypoint." Leave `entrypoint` out to bind the default export of "{{service}}".',
    },
  },
  check(worker, context) {
    const seen = new Set<number>();
    for (const env of context.environments(worker)) {
      for (const service of env.services) {
        const entrypoint = service.entrypoint?.value;
        if (!service.service || !entrypoint || service.environment) continue;
        if (seen.has(service.entrypoint!.span.start)) continue;
        const targets = targetsOf(context, service);
        if (targets.length === 0) continue;
        // `entrypoint: "default"` is looked up as a named export called "default", which no entry has
        // (measured: wrangler dev 4.86 and 4.164 refuse to start). Whether a deploy takes it is not
        // measured, so a warning.
        if (entrypoint === "default") {
          seen.add(service.entrypoint!.span.start);
          context.report({ messageId: "defaultEntrypoint", data: { binding: service.binding?.value ?? "?", service: service.service.value }, file: worker.file, span: service.entrypoint!.span, severity: "warning" });
          continue;
        }
        const verdicts = targets.map((t) => judge(context, t, entrypoint));
        // Every worker that could be meant must lack it (a monorepo may hold several of that name).
        const bad = verdicts.filter((v): v is Extract<Verdict, { kind: "missing" | "wrongBase" }> => v.kind === "missing" || v.kind === "wrongBase");
        if (bad.length !== verdicts.length) continue;
        seen.add(service.entrypoint!.span.start);
        const first = bad[0];
        const data = { binding: service.binding?.value ?? "?", service: service.service.value, entrypoint, entry: first.entry };
        // Did you mean: the one `WorkerEntrypoint` export of a near name, the same in every worker that could be meant.
        const suggestions = new Set(targets.map((t) => onlyNearName(entrypoint, entryClassExports(context, t.worker, t.env, "entrypoint"))));
        const suggestion = suggestions.size === 1 ? [...suggestions][0] : undefined;
        const fixes = suggestion ? [{ title: `Change entrypoint to "${suggestion}"`, edits: replaceStringValue(worker.file, service.entrypoint!.span, suggestion), preferred: true }] : [];
        context.report(
          first.kind === "missing"
            ? { messageId: "missing", data, file: worker.file, span: service.entrypoint!.span, fixes }
            : { messageId: "wrongBase", data: { ...data, base: first.base, baseModule: first.baseModule }, file: worker.file, span: service.entrypoint!.span },
        );
      }
    }
  },
};
