import type { Environment, WorkerConfig } from "../project/model";
import { bindingPresence } from "../source/presenceChecks";
import type { Span } from "../text/positions";
import type { ProjectView } from "./projectView";
import { ownSourceModules } from "./workerFacts";

/** Where the code first tests an optional binding for presence. */
export interface PresenceCheckSite {
  file: string;
  span: Span;
}

/**
 * Of `names`, the bindings the worker's own code (the modules `env`'s entry reaches, other workers'
 * folders left out) tests for presence and never uses before a test (source/presenceChecks.ts):
 * optional by design, so an environment leaving one out is a choice, not a mistake. A file the tokenizer cannot read with certainty that
 * mentions a name keeps that name out (unsure is not optional).
 */
export function bindingsCheckedBeforeUse(context: ProjectView, worker: WorkerConfig, env: Environment, names: readonly string[]): Map<string, PresenceCheckSite> {
  const checked = new Map<string, PresenceCheckSite>();
  if (names.length === 0) return checked;
  const used = new Set<string>();
  for (const module of ownSourceModules(context, worker, env)) {
    const text = context.store.text(module.file);
    if (text === undefined) continue;
    const presence = bindingPresence(module.file, text, names);
    for (const name of names) {
      if (!presence) {
        if (text.includes(name)) used.add(name);
        continue;
      }
      const found = presence.get(name);
      if (!found) continue;
      if (found.unchecked.length > 0) used.add(name);
      if (found.checks.length > 0 && !checked.has(name)) checked.set(name, { file: module.file, span: found.checks[0] });
    }
  }
  for (const name of used) checked.delete(name);
  return checked;
}
