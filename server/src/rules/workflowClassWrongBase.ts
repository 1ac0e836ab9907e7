import { wrongWorkflowBase } from "../source/classKinds";
import type { Rule } from "./rule";
import { resolveExport } from "../source/exportGraph";

export const workflowClassWrongBase: Rule = {
  meta: {
    id: "workflow-class-wrong-base",
    defaultSeverity: "error",
    description: "A Workflow's class is known to extend something other than `WorkflowEntrypoint` (a Durable Object, a WorkerEntrypoint...).",
    fixable: false,
    messages: {
      wrongBase:
        'Workflow "{{binding}}" runs class "{{className}}", which extends {{base}} (from "{{baseModule}}"), not WorkflowEntrypoint: the Workflows engine starts a class that extends `WorkflowEntrypoint` from "cloudflare:workers" and calls its `run(event, step)`. Make {{className}} extend WorkflowEntrypoint, or point `class_name` at the Workflow class.',
    },
  },
  check(worker, context) {
    const reported = new Set<string>();
    for (const env of context.environments(worker)) {
      const sources = context.sources(worker, env);
      const entry = sources?.entryModule;
      if (!entry) continue;
      for (const workflow of env.workflows) {
        const className = workflow.className.value;
        // The class the entry exports under that name: a missing export is class-not-exported's
        // finding, and an export from a package is not read.
        const located = resolveExport(context.store, entry, className);
        if (located?.kind !== "class") continue;
        const base = wrongWorkflowBase(context.classFacts(located.module, located.declaration));
        if (!base) continue;
        const key = `${workflow.className.span.start}:${located.module.file}:${located.declaration.nameSpan.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const binding = workflow.binding?.value ?? className;
        context.report({
          messageId: "wrongBase",
          data: { binding, className, base: base.name, baseModule: base.module },
          file: worker.file,
          span: workflow.className.span,
          related: [{ file: located.module.file, span: located.declaration.nameSpan, message: `${className} is declared here` }],
        });
      }
    }
  },
};
