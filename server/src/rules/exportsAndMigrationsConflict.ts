import { harnessConfigs } from "../facts/harnessConfigs";
import type { Environment } from "../project/model";
import { deployOnly, ONLY_DEPLOY_FAILS, onlyDeployFailsMessage } from "./deployOnly";
import type { FindingDraft, Rule } from "./rule";

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
    messages: {
      bothKeys: `This config has both \`exports\` and \`migrations\`. wrangler refuses it: "${WRANGLER_TEXT}" Keep one of them.`,
      bothKeysInEnv: `This config has both \`exports\` and \`migrations\` in env.{{env}}. wrangler refuses it: "${WRANGLER_TEXT}" Keep one of them.`,
      inherited: `{{environment}} has \`exports\` from {{exportsFrom}} and \`migrations\` from {{migrationsFrom}} (environments inherit both keys). wrangler refuses it: "${WRANGLER_TEXT}" Keep one of them.`,
      [ONLY_DEPLOY_FAILS]: onlyDeployFailsMessage("its classes come to the tests through the vitest pool, not through a deploy."),
    },
  },
  check(worker, context) {
    const reported = new Set<string>();
    for (const env of context.environments(worker)) {
      // (Not named `exports`: compiled to CommonJS, that would hide the module's own exports.)
      const { exports: declared, migrations } = env;
      if (!declared || !migrations || migrations.value.length === 0) continue;
      if (!declared.value.some((entry) => entry.type?.value === "durable-object")) continue;
      // On the key this environment writes itself; both inherited: on the top level's `exports`.
      const own = declared.definedIn === env.name ? declared : migrations.definedIn === env.name ? migrations : declared;
      const key = `${own.span.start}:${own.span.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      context.report(deployOnly(context, worker, exportsAndMigrationsConflict.meta, { ...describe(env, declared.definedIn, migrations.definedIn), file: worker.file, span: own.span }));
    }
  },
};

function where(definedIn: string): string {
  return definedIn === "" ? "the top level" : `env.${definedIn}`;
}

function describe(env: Environment, exportsIn: string, migrationsIn: string): Pick<FindingDraft, "messageId" | "data"> {
  if (exportsIn === migrationsIn) return exportsIn === "" ? { messageId: "bothKeys" } : { messageId: "bothKeysInEnv", data: { env: exportsIn } };
  const environment = env.name === "" ? "The top level" : `Environment "${env.name}"`;
  return { messageId: "inherited", data: { environment, exportsFrom: where(exportsIn), migrationsFrom: where(migrationsIn) } };
}
