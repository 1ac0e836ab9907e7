import * as path from "node:path";
import { isPythonEntry, mainBuildOutput, type BuildOutput } from "../facts/buildOutput";
import { harnessClause, harnessConfigs, harnessReason } from "../facts/harnessConfigs";
import type { Environment, WorkerConfig } from "../project/model";
import type { FindingDraft, Rule } from "./rule";
import { localBindings } from "../facts/workerFacts";

/** How each message about a `main` that a build writes begins. */
const BUILT = 'The entry "{{main}}" is a build output ({{why}}) and is not built yet; that is expected before the first build.';

export const mainNotFound: Rule = {
  meta: {
    id: "main-not-found",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "`main` names an entry file that does not exist (and no build writes it), on a worker with Durable Object classes.",
    fixable: false,
    messages: {
      pythonWorker:
        '"{{main}}" is a Python Worker: Durable Object Doctor reads only JavaScript and TypeScript, so its sources were not analysed (class exports, `env` uses, agent routes). The config itself was checked.',
      missing:
        'The entry file "{{main}}" does not exist (relative to this config\'s folder). wrangler cannot build the worker, so none of its Durable Objects can start. Point `main` at the file that exports your worker and its Durable Object classes.',
      missingInHarness:
        'The entry file "{{main}}" does not exist (relative to this config\'s folder). wrangler cannot build the worker, so none of its Durable Objects can start. Point `main` at the file that exports your worker and its Durable Object classes. ({{harness}}: tests that load the worker or its Durable Objects, through SELF or a binding, fail; tests that do not, pass.)',
      // `main` is a build output not built yet:
      astroNoEntry: `${BUILT} The Astro adapter builds it; {{astroConfig}} has no \`workerEntryPoint\` file that exists, so the classes it must export were not checked.`,
      astroClassNotListed: `${BUILT} The Astro adapter builds it from {{entry}} and the built worker exports only the names in \`workerEntryPoint.namedExports\` of {{astroConfig}} ({{namedExports}}): {{missing}} is bound but not listed. wrangler will then report "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: {{missingList}}." Add it to \`namedExports\` and return it from \`createExports()\` in {{entry}}.`,
      astroClassesNotListed: `${BUILT} The Astro adapter builds it from {{entry}} and the built worker exports only the names in \`workerEntryPoint.namedExports\` of {{astroConfig}} ({{namedExports}}): {{missing}} are bound but not listed. wrangler will then report "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: {{missingList}}." Add them to \`namedExports\` and return them from \`createExports()\` in {{entry}}.`,
      astroAllListed: `${BUILT} The Astro adapter builds it from {{entry}}; every bound class is listed in \`workerEntryPoint.namedExports\` of {{astroConfig}}.`,
      builtFromSource: `${BUILT} Class exports were checked against {{sourceEntry}}, the source {{via}} builds it from.`,
      sourceUnknown: `${BUILT} Its class exports cannot be checked until it is built: no source entry of the build was found.`,
    },
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
            messageId: "pythonWorker",
            data: { main: written },
          });
        }
        continue;
      }
      const build = mainBuildOutput(context.store, worker, env);
      if (build) {
        context.report({ ...at, ...builtEntryFinding(written, build, classes, worker) });
        continue;
      }
      // A config only tests use may never have its worker loaded (tests of code that runs without
      // it); whether they do is not visible here, so it is a warning there, not an error.
      const harness = harnessReason(context, worker);
      context.report(
        harness
          ? { ...at, severity: "warning", messageId: "missingInHarness", data: { main: written, harness: harnessClause(harness, worker) } }
          : { ...at, messageId: "missing", data: { main: written } },
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
  const head = { main: written, why: build.why };
  if (build.astro) {
    const astroConfig = relative(worker, build.astro.config);
    const entry = build.astro.entry ? relative(worker, build.astro.entry) : undefined;
    const missing = classes.filter((name) => !build.astro!.namedExports.includes(name));
    if (!entry) return { severity: "info", messageId: "astroNoEntry", data: { ...head, astroConfig } };
    if (missing.length > 0) {
      return {
        messageId: missing.length > 1 ? "astroClassesNotListed" : "astroClassNotListed",
        data: {
          ...head,
          astroConfig,
          entry,
          namedExports: build.astro.namedExports.map((n) => `"${n}"`).join(", ") || "none",
          missing: missing.map((n) => `"${n}"`).join(", "),
          missingList: missing.join(", "),
        },
      };
    }
    return { severity: "info", messageId: "astroAllListed", data: { ...head, astroConfig, entry } };
  }
  if (build.sourceEntry) {
    return { severity: "info", messageId: "builtFromSource", data: { ...head, sourceEntry: relative(worker, build.sourceEntry.file), via: build.sourceEntry.via } };
  }
  return { severity: "info", messageId: "sourceUnknown", data: head };
}
