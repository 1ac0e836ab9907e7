import { appendStringToArray, environmentPath } from "../edits/configEdits";
import type { Environment } from "../project/model";
import type { Rule } from "./rule";
import { importsAgents } from "../facts/workerFacts";

const NODE_FLAGS = new Set(["nodejs_compat", "nodejs_compat_v2"]);

export const nodejsCompatMissing: Rule = {
  meta: {
    id: "nodejs-compat-missing",
    defaultSeverity: "error",
    description: "The Agents SDK is used without the `nodejs_compat` compatibility flag.",
    fixable: true,
    messages: {
      missing:
        'The worker imports the Agents SDK but `compatibility_flags` lacks "nodejs_compat". wrangler dev fails with \'Build failed ... Could not resolve "path"\' and never becomes ready. Add "nodejs_compat" to `compatibility_flags`.',
      missingInEnvironments:
        'The worker imports the Agents SDK but `compatibility_flags` lacks "nodejs_compat" ({{environments}}). wrangler dev fails with \'Build failed ... Could not resolve "path"\' and never becomes ready. Add "nodejs_compat" to `compatibility_flags`.',
    },
  },
  check(worker, context) {
    // Flags are inherited: report once where they are (or would be) written.
    const byOwner = new Map<string, Environment[]>();
    for (const env of context.environments(worker)) {
      const flags = env.compatibilityFlags?.value.map((f) => f.value) ?? [];
      if (flags.some((flag) => NODE_FLAGS.has(flag))) continue;
      if (!importsAgents(context, worker, env)) continue;
      const owner = env.compatibilityFlags?.definedIn ?? "";
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), env]);
    }
    for (const [owner, envs] of byOwner) {
      const env = [worker.topLevel, ...worker.environments].find((e) => e.name === owner) ?? worker.topLevel;
      const agents = importsAgents(context, worker, envs[0])!;
      const span = env.compatibilityFlags?.span ?? env.compatibilityDate?.value.span ?? env.main?.value.span ?? { start: 0, end: 0 };
      const topLevelOnly = envs.length === 1 && envs[0].name === "";
      context.report({
        ...(topLevelOnly ? { messageId: "missing" } : { messageId: "missingInEnvironments", data: { environments: envs.map((e) => e.label).join(", ") } }),
        file: worker.file,
        span,
        fixes: [
          {
            title: 'Add "nodejs_compat" to compatibility_flags',
            edits: appendStringToArray(worker, environmentPath(env), "compatibility_flags", "nodejs_compat", env.compatibilityFlags?.span),
            preferred: true,
            safe: true,
          },
        ],
        related: [{ file: agents.file, span: agents.span, message: "the Agents SDK is imported here" }],
      });
    }
  },
};
