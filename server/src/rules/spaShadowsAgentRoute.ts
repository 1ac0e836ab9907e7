import { routePrefix } from "../naming/agentNamespace";
import { appendStringToArray, findArrayAt, setTableKey } from "../edits/configEdits";
import { removeListEntry } from "../edits/listEntries";
import { asString, type ConfigValue } from "../project/configTree";
import type { Environment, WorkerConfig } from "../project/model";
import { escapeRegExp } from "../text/regExp";
import type { EditDraft, Rule } from "./rule";

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map(escapeRegExp).join(".*")}$`);
}

function assetsPath(env: Environment): string[] {
  return env.name ? ["env", env.name, "assets"] : ["assets"];
}

/** Whether `pattern` (a `run_worker_first` entry, `!` for negative) matches the path. */
function matches(pattern: string, path: string): boolean {
  return globToRegExp(pattern.startsWith("!") ? pattern.slice(1) : pattern).test(path);
}

function fixEdits(worker: WorkerConfig, owner: Environment, pattern: string, probe: string): EditDraft[] {
  const runWorkerFirst = owner.assets!.value.runWorkerFirst;
  if (runWorkerFirst && Array.isArray(runWorkerFirst.value)) {
    const patterns = runWorkerFirst.value;
    if (patterns.some((p) => p.startsWith("!") && matches(p, probe))) {
      // A negative pattern excludes the agents: adding a positive one would not help. Drop the exclusion:
      // the first excluding entry becomes the pattern (when none covers it yet), the others go. Entry by
      // entry, so the comments in the array stay.
      const array = findArrayAt(worker, runWorkerFirst.span);
      if (!array) return [];
      const excludes = (item: ConfigValue) => {
        const text = asString(item);
        return text !== undefined && text.startsWith("!") && matches(text, probe);
      };
      const covered = array.items.some((item) => {
        const text = asString(item);
        return text !== undefined && !text.startsWith("!") && matches(text, probe);
      });
      const spans = array.items.map((item) => item.span);
      const edits: EditDraft[] = [];
      array.items.forEach((item, index) => {
        if (!excludes(item)) return;
        if (!covered && edits.length === 0) edits.push({ file: worker.file, span: item.span, newText: JSON.stringify(pattern) });
        else edits.push(...removeListEntry(worker.parsed.text, spans, index).map((edit) => ({ file: worker.file, ...edit })));
      });
      // Two neighbouring removals can claim the same comma: no fix rather than a broken file.
      const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
      return sorted.some((edit, i) => i > 0 && edit.span.start < sorted[i - 1].span.end) ? [] : edits;
    }
    return appendStringToArray(worker, assetsPath(owner), "run_worker_first", pattern, runWorkerFirst.span);
  }
  if (runWorkerFirst) return [{ file: worker.file, span: runWorkerFirst.span, newText: JSON.stringify([pattern]) }];
  const span = owner.assets!.value.span;
  const text = worker.parsed.text;
  if (worker.parsed.format === "toml" && text[span.start] === "{" && text[span.end - 1] === "}") {
    // An inline table `assets = { ... }` cannot be reopened as `[assets]`: add the key inside it.
    const at = span.start + 1 + text.slice(span.start + 1, span.end - 1).trimEnd().length;
    return [{ file: worker.file, span: { start: at, end: at }, newText: `, run_worker_first = ${JSON.stringify([pattern])}` }];
  }
  return setTableKey(worker, assetsPath(owner), "run_worker_first", [pattern]);
}

/** The compatibility date from which navigation requests prefer assets (`assets_navigation_prefers_asset_serving`). */
export const NAVIGATION_PREFERS_ASSETS_FROM = "2025-04-01";

/**
 * Whether the assets layer answers navigation requests (`Sec-Fetch-Mode: navigate`) that match no file
 * with index.html before the worker runs. Measured with wrangler dev 4.86 (docs/rules/spa-shadows-agent-route.md):
 * from 2025-04-01, or with the flag, yes; before, and with `assets_navigation_has_no_effect`, every
 * request that matches no file reaches the worker. A config without a date runs on today's date.
 */
function navigationPrefersAssets(env: Environment): boolean {
  const flags = env.compatibilityFlags?.value.map((flag) => flag.value) ?? [];
  if (flags.includes("assets_navigation_has_no_effect")) return false;
  if (flags.includes("assets_navigation_prefers_asset_serving")) return true;
  const date = env.compatibilityDate?.value.value;
  return date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || date >= NAVIGATION_PREFERS_ASSETS_FROM;
}

export const spaShadowsAgentRoute: Rule = {
  meta: {
    id: "spa-shadows-agent-route",
    defaultSeverity: "info",
    description: "With single-page-application assets, a browser navigating directly to an agent URL gets index.html unless `run_worker_first` covers the agent prefix.",
    fixable: true,
    messages: {
      notCovered:
        'Assets use "single-page-application" not-found handling and `run_worker_first` does not cover {{pattern}}: a browser navigating directly to an agent URL ({{probe}}) gets index.html instead of the agent. Fetches, WebSocket upgrades and the agents clients still reach the worker. If agent URLs must answer navigations too, add "{{pattern}}" to `assets.run_worker_first` (not when the app\'s own client-side routes live under {{pattern}}).',
      excluded:
        'Assets use "single-page-application" not-found handling and `run_worker_first` excludes {{pattern}} with "{{excludedBy}}": a browser navigating directly to an agent URL ({{probe}}) gets index.html instead of the agent. Fetches, WebSocket upgrades and the agents clients still reach the worker. If agent URLs must answer navigations too, remove "{{excludedBy}}" from `assets.run_worker_first` (not when the app\'s own client-side routes live under {{pattern}}).',
    },
  },
  check(worker, context) {
    const done = new Set<string>();
    for (const env of context.environments(worker)) {
      const assets = env.assets;
      if (!assets || assets.value.notFoundHandling?.value !== "single-page-application") continue;
      // Fetches and WebSocket upgrades always reach the worker; only navigations can get index.html.
      if (!navigationPrefersAssets(env)) continue;
      if (done.has(assets.definedIn)) continue;
      done.add(assets.definedIn);
      // Only a worker that routes agents by URL has agent URLs a browser could open.
      const prefixes = new Set<string>();
      for (const module of context.sources(worker, env)?.modules ?? []) {
        for (const route of module.routePrefixes) if (!route.dynamic) prefixes.add(routePrefix(route.prefix));
      }
      const runWorkerFirst = assets.value.runWorkerFirst?.value;
      if (runWorkerFirst === true) continue;
      for (const prefix of prefixes) {
        const probe = `/${prefix}/some-agent/default`;
        // Negative patterns (`!/agents/*`) take precedence over positive ones.
        const covered =
          Array.isArray(runWorkerFirst) &&
          runWorkerFirst.some((p) => !p.startsWith("!") && matches(p, probe)) &&
          !runWorkerFirst.some((p) => p.startsWith("!") && matches(p, probe));
        if (covered) continue;
        const excludedBy = Array.isArray(runWorkerFirst) ? runWorkerFirst.find((p) => p.startsWith("!") && matches(p, probe)) : undefined;
        const owner = [worker.topLevel, ...worker.environments].find((e) => e.name === assets.definedIn) ?? env;
        const pattern = `/${prefix}/*`;
        context.report({
          ...(excludedBy ? { messageId: "excluded", data: { pattern, probe, excludedBy } } : { messageId: "notCovered", data: { pattern, probe } }),
          file: worker.file,
          span: assets.value.notFoundHandling.span,
          // Not applied by --fix: a single-page app may route its own pages under the same prefix.
          fixes: [{ title: `Run the worker first for ${pattern}`, edits: fixEdits(worker, owner, pattern, probe), preferred: true, safe: false }],
        });
      }
    }
  },
};
