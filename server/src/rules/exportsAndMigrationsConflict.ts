import { harnessConfigs } from "../facts/harnessConfigs";
import type { Environment } from "../project/model";
import { deployOnly } from "./deployOnly";
import type { Rule } from "./rule";

const WRANGLER_TEXT = "`migrations` and `exports` are mutually exclusive. Choose one or the other to declare your Durable Object lifecycle, but not both.";

/**
 * wrangler (4.164, `errorIfMigrationsAndExportsBothSet`) checks each environment after inheritance:
 * both keys are inherited, and it refuses non-empty `migrations` together with an `exports` that has
 * a `durable-object` entry. So a top-level `migrations` conflicts with an environment's own `exports`
 * too, and `exports` holding only workflows conflicts with nothing.
 */
export const exportsAndMigrationsConflict: Rule = {
  meta: {
    id: "exports-and-migrations-conflict",
    defaultSeverity: "error",
    facts: [harnessConfigs],
    description: "Both `migrations` and `exports` declare the Durable Object lifecycle of an environment (each may be inherited).",
    fixable: false,
  },
  check(worker, context) {
    const reported = new Set<string>();
    for (const env of context.environments(worker)) {
      const { exports, migrations } = env;
      if (!exports || !migrations || migrations.value.length === 0) continue;
      if (!exports.value.some((entry) => entry.type?.value === "durable-object")) continue;
      // On the key this environment writes itself; both inherited: on the top level's `exports`.
      const own = exports.definedIn === env.name ? exports : migrations.definedIn === env.name ? migrations : exports;
      const key = `${own.span.start}:${own.span.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      context.report(
        deployOnly(
          context,
          worker,
          { message: `${describe(env, exports.definedIn, migrations.definedIn)} wrangler refuses it: "${WRANGLER_TEXT}" Keep one of them.`, file: worker.file, span: own.span },
          "its classes come to the tests through the vitest pool, not through a deploy.",
        ),
      );
    }
  },
};

function where(definedIn: string): string {
  return definedIn === "" ? "the top level" : `env.${definedIn}`;
}

function describe(env: Environment, exportsIn: string, migrationsIn: string): string {
  if (exportsIn === migrationsIn) return `This config has both \`exports\` and \`migrations\`${exportsIn === "" ? "" : ` in env.${exportsIn}`}.`;
  const label = env.name === "" ? "The top level" : `Environment "${env.name}"`;
  return `${label} has \`exports\` from ${where(exportsIn)} and \`migrations\` from ${where(migrationsIn)} (environments inherit both keys).`;
}
