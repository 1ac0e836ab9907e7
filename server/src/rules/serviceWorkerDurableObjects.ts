import * as path from "node:path";
import type { Span } from "../text/positions";
import type { Rule } from "./rule";
import { localBindings } from "../facts/workerFacts";

/**
 * A reference to the global `addEventListener` (`addEventListener(`, `self.addEventListener(`,
 * `globalThis.addEventListener(`), not a method of some object (`ws.addEventListener(`). wrangler
 * (guessWorkerFormat) builds an entry without a default export that references it as a service worker.
 */
const GLOBAL_LISTENER = /(^|[^.\w$])((?:(?:self|globalThis)\s*\.\s*)?addEventListener)\s*\(/g;

export const serviceWorkerDurableObjects: Rule = {
  meta: {
    id: "service-worker-durable-objects",
    defaultSeverity: "error",
    description: "The worker binds its own Durable Object classes, but `main` is written as a service worker (`addEventListener`, no `export default`).",
    fixable: false,
    messages: {
      binding:
        'Durable Object binding "{{binding}}" needs a Worker in module format, but the entry {{entry}} has no `export default` and calls the global `addEventListener`: wrangler builds it in "service-worker" format and stops with "You seem to be trying to use Durable Objects in a Worker written as a service-worker." Rewrite {{entry}} as a module: `export default { async fetch(request, env, ctx) { ... } }` instead of `addEventListener("fetch", ...)`, read bindings from `env` instead of globals, and export each Durable Object class by name.',
      entry:
        'This entry is a service worker (the global `addEventListener`, no `export default`), but {{config}} binds Durable Object classes of this worker ({{classes}}): wrangler stops with "You seem to be trying to use Durable Objects in a Worker written as a service-worker." Rewrite it as a module: `export default { async fetch(request, env, ctx) { ... } }`, bindings read from `env`, each Durable Object class exported by name.',
    },
  },
  check(worker, context) {
    const entriesReported = new Set<string>();
    for (const env of context.environments(worker)) {
      const bindings = localBindings(env);
      const main = env.main?.value;
      if (bindings.length === 0 || !main) continue;
      const entry = context.sources(worker, env)?.entryModule;
      // Only `main` itself is judged: a build output's source entry is not what wrangler sees.
      if (!entry || entry.hasDefaultExport || entry.file !== path.resolve(worker.dir, main.value)) continue;
      const listener = globalListener(context.store.text(entry.file));
      if (!listener) continue;
      const entryName = path.relative(worker.dir, entry.file).split(path.sep).join("/");
      for (const { binding, name } of bindings) {
        context.report({
          messageId: "binding",
          data: { binding: name, entry: entryName },
          file: worker.file,
          span: binding.className!.span,
          related: [{ file: entry.file, span: listener, message: "the service-worker event listener" }],
        });
      }
      if (entriesReported.has(entry.file)) continue;
      entriesReported.add(entry.file);
      const names = [...new Set(bindings.map((b) => b.className))].join(", ");
      context.report({
        messageId: "entry",
        data: { config: path.basename(worker.file), classes: names },
        file: entry.file,
        span: listener,
        related: bindings.map(({ binding, name }) => ({ file: worker.file, span: binding.className!.span, message: `bound here as "${name}" (${env.label})` })),
      });
    }
  },
};

/** The first reference to the global `addEventListener` outside comments, if any. */
function globalListener(text: string | undefined): Span | undefined {
  if (!text) return undefined;
  const code = blankComments(text);
  GLOBAL_LISTENER.lastIndex = 0;
  const match = GLOBAL_LISTENER.exec(code);
  if (!match) return undefined;
  const start = match.index + match[1].length;
  return { start, end: start + match[2].length };
}

/** The text with `//` and `/* *\/` comments replaced by spaces (offsets kept); strings are left as they are. */
function blankComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, " "));
}
