import type { Rule } from "./rule";
import { resolveExport } from "../source/exportGraph";
import { localBindings } from "../facts/workerFacts";

export const durableObjectClassWrongBase: Rule = {
  meta: {
    id: "durable-object-class-wrong-base",
    defaultSeverity: "error",
    description: "A Durable Object binding's class is known to extend something that is not a Durable Object (`WorkerEntrypoint`, `WorkflowEntrypoint`, `RpcTarget`).",
    fixable: false,
    messages: {
      wrongBase:
        'Durable Object binding "{{binding}}" binds class "{{className}}", which extends {{base}} (from "{{baseModule}}"), not DurableObject: workerd starts with "A DurableObjectNamespace in the config referenced the class "{{className}}", but no such Durable Object class is exported from the worker" and every call through {{binding}} fails ("internal error"). Make {{className}} extend DurableObject (or an Agent), or point `class_name` at the Durable Object class.',
    },
  },
  check(worker, context) {
    const reported = new Set<string>();
    for (const env of context.environments(worker)) {
      const entry = context.sources(worker, env)?.entryModule;
      if (!entry) continue;
      for (const { binding, name, className } of localBindings(env)) {
        // The class the entry exports under that name: a missing export is class-not-exported's
        // finding, and an export from a package is not read.
        const located = resolveExport(context.store, entry, className);
        if (located?.kind !== "class") continue;
        const facts = context.classFacts(located.module, located.declaration);
        // Only a chain known to end at a class of "cloudflare:workers" that is no Durable Object. A
        // class with no base is an old-style Durable Object (fetch works, RPC does not); a base from
        // another package is not judged.
        if (facts.kind !== "not-durable-object" || !facts.root) continue;
        const span = binding.className!.span;
        const key = `${span.start}:${located.module.file}:${located.declaration.nameSpan.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        context.report({
          messageId: "wrongBase",
          data: { binding: name, className, base: facts.root.name, baseModule: facts.root.module },
          file: worker.file,
          span,
          related: [{ file: located.module.file, span: located.declaration.nameSpan, message: `${className} is declared here` }],
        });
      }
    }
  },
};
