import * as path from "node:path";
import { isPythonEntry, mainBuildOutput, type BuildOutput } from "../facts/buildOutput";
import { harnessClause, harnessConfigs, harnessReason } from "../facts/harnessConfigs";
import type { Environment, WorkerConfig } from "../project/model";
import type { FindingDraft, Rule } from "./rule";
import { localBindings } from "../facts/workerFacts";

export const mainNotFound: Rule = {
  meta: {
    id: "main-not-found",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "`main` names an entry file that does not exist (and no build writes it), on a worker with Durable Object classes.",
    fixable: false,
  },
  check(worker, context) {
    const checked = context.environments(worker);
    for (const env of checked) {
      const main = env.main;
      if (!main) continue;
      // Inherited values are checked where they are written, unless that environment is not checked
      // (`--env staging` with the top level's `main`): then here, at the text it inherits.
      if (main.definedIn !== env.name && checked.some((e) => e.name === main.definedIn)) continue;
      const written = main.value.value;
      const file = path.resolve(worker.dir, written);
      const python = isPythonEntry(written);
      const exists = !!context.store.resolver.resolveFilePath(file) || (python && context.store.host.fileExists(file));
      // Without classes of its own, the entry is wrangler's business: it reports a missing one itself.
      const classes = ownClasses(worker, env);
      if (classes.length === 0) continue;
      const at = { file: worker.file, span: main.value.span };
      if (exists) {
        if (python) {
          context.report({
            ...at,
            severity: "info",
            message: `"${written}" is a Python Worker: Durable Object Doctor reads only JavaScript and TypeScript, so its sources were not analysed (class exports, \`env\` uses, agent routes). The config itself was checked.`,
          });
        }
        continue;
      }
      const build = mainBuildOutput(context.store, worker, env);
      if (build) {
        context.report({ ...at, ...builtEntryFinding(written, build, classes, worker) });
        continue;
      }
      const message = `The entry file "${written}" does not exist (relative to this config's folder). wrangler cannot build the worker, so none of its Durable Objects can start. Point \`main\` at the file that exports your worker and its Durable Object classes.`;
      // A config only tests use may never have its worker loaded (tests of code that runs without
      // it); whether they do is not visible here, so it is a warning there, not an error.
      const harness = harnessReason(context, worker);
      context.report(
        harness
          ? { ...at, severity: "warning", message: `${message} (${harnessClause(harness, worker)}: tests that load the worker or its Durable Objects, through SELF or a binding, fail; tests that do not, pass.)` }
          : { ...at, message },
      );
    }
  },
};

/** Classes this environment's worker must export: its Durable Object bindings, containers and workflows. */
function ownClasses(worker: WorkerConfig, env: Environment): string[] {
  const names = new Set<string>();
  for (const { className } of localBindings(env)) names.add(className);
  for (const c of env.containerClasses) names.add(c.value);
  for (const w of env.workflows) names.add(w.className.value);
  return [...names];
}

function relative(worker: WorkerConfig, file: string): string {
  return path.relative(worker.dir, file).split(path.sep).join("/");
}

function builtEntryFinding(written: string, build: BuildOutput, classes: string[], worker: WorkerConfig): Omit<FindingDraft, "file" | "span"> {
  const head = `The entry "${written}" is a build output (${build.why}) and is not built yet; that is expected before the first build.`;
  if (build.astro) {
    const config = relative(worker, build.astro.config);
    const entry = build.astro.entry ? relative(worker, build.astro.entry) : undefined;
    const missing = classes.filter((name) => !build.astro!.namedExports.includes(name));
    if (!entry) {
      return { severity: "info", message: `${head} The Astro adapter builds it; ${config} has no \`workerEntryPoint\` file that exists, so the classes it must export were not checked.` };
    }
    if (missing.length > 0) {
      return {
        message: `${head} The Astro adapter builds it from ${entry} and the built worker exports only the names in \`workerEntryPoint.namedExports\` of ${config} (${build.astro.namedExports.map((n) => `"${n}"`).join(", ") || "none"}): ${missing.map((n) => `"${n}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} bound but not listed. wrangler will then report "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: ${missing.join(", ")}." Add ${missing.length > 1 ? "them" : "it"} to \`namedExports\` and return ${missing.length > 1 ? "them" : "it"} from \`createExports()\` in ${entry}.`,
      };
    }
    return { severity: "info", message: `${head} The Astro adapter builds it from ${entry}; every bound class is listed in \`workerEntryPoint.namedExports\` of ${config}.` };
  }
  if (build.sourceEntry) {
    return { severity: "info", message: `${head} Class exports were checked against ${relative(worker, build.sourceEntry.file)}, the source ${build.sourceEntry.via} builds it from.` };
  }
  return { severity: "info", message: `${head} Its class exports cannot be checked until it is built: no source entry of the build was found.` };
}
