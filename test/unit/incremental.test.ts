import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as fc from "fast-check";
import { analyze, type AnalysisResult } from "../../server/src/analyze";
import type { FileHost } from "../../server/src/host";
import { listWorkspaceFiles } from "../../server/src/project/discover";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { fuzzParameters } from "../robustness/generators";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT } from "../support/ruleTester";

/**
 * The language server's re-checks take facts over from the previous analysis (configs, module walks,
 * entry files, class lookups, agent routing, client modules) and check only the workers an edit can
 * touch. Whatever the edits, the result must be exactly a fresh analysis's.
 */

/** Stands for a file that exists but cannot be read as text (binary, too large). */
const UNREADABLE = "\0unreadable";

const agentsConfig = (binding: string, className: string, extra = "") => `{
  "name": "agents",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "${binding}", "class_name": "${className}" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatAgent"] }${extra}],
  "env": { "staging": { "durable_objects": { "bindings": [{ "name": "${binding}", "class_name": "${className}" }] } } }
}
`;

const apiConfig = (scriptName: string, binding = "ChatAgent", envs = "") => `{
  "name": "api",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": { "bindings": [{ "name": "${binding}", "class_name": "ChatAgent", "script_name": "${scriptName}" }] }${envs}
}
`;

const routed = (prefix?: string) =>
  `import { routeAgentRequest } from "agents";\nexport * from "./chat";\nexport default { async fetch(request: Request, env: unknown) { return (await routeAgentRequest(request, env${prefix ? `, { prefix: "${prefix}" }` : ""})) ?? new Response(null); } };\n`;

const client = (agent: string, url = "/agents/chat-agent/default") => `import { useAgent } from "agents/react";\nexport function App() {\n  useAgent({ agent: "${agent}" });\n  return fetch("${url}");\n}\n`;

/** Each file of the workspace, its text on disk first, then what edits turn it into. */
const VARIANTS: Record<string, string[]> = {
  "package.json": [`{ "name": "mono", "private": true }\n`],
  "workers/agents/wrangler.jsonc": [
    agentsConfig("ChatAgent", "ChatAgent"),
    agentsConfig("CHAT", "ChatAgent"),
    agentsConfig("ChatAgent", "ChatAgnet"),
    agentsConfig("ChatAgent", "ChatAgent", `, { "tag": "v2", "deleted_classes": ["ChatAgent"] }`),
    `{ "name": "agents", "main": "src/index.ts", `,
    UNREADABLE,
  ],
  "workers/agents/src/index.ts": [routed(), routed("api/agents"), `export * from "./chat";\nexport default { fetch() { return new Response(null); } };\n`, `export default {};\n`, UNREADABLE],
  "workers/agents/src/chat.ts": [
    `import { Agent } from "agents";\nexport class ChatAgent extends Agent<unknown> {}\n`,
    `import { Agent } from "agents";\nclass ChatAgent extends Agent<unknown> {}\n`,
    `export { ChatAgent } from "./impl";\n`,
    `import { BaseAgent } from "../../../packages/shared/src/base";\nexport class ChatAgent extends BaseAgent {}\n`,
    UNREADABLE,
  ],
  "workers/agents/src/impl.ts": [`export const nothing = 1;\n`, `import { Agent } from "agents";\nexport class ChatAgent extends Agent<unknown> { f(env: any) { return env.ChatAgnet.idFromName("x"); } }\n`, UNREADABLE],
  "workers/agents/src/client/app.tsx": [client("ChatAgent"), client("chat-agents"), client("ChatAgent", "/api/agents/chat-agnet/x"), `export const none = 1;\n`],
  "workers/api/wrangler.jsonc": [apiConfig("agents"), apiConfig("agentz"), apiConfig("agents", "Chat"), apiConfig("agents", "ChatAgent", `,\n  "env": { "preview": {} }`)],
  "workers/api/src/index.ts": [
    `export default { fetch(request: Request, env: any) { return env.ChatAgent.get(env.ChatAgent.idFromName("a")).fetch(request); } };\n`,
    `export default { fetch(request: Request, env: any) { return env.ChatAgnt.get(env.ChatAgnt.idFromName("a")).fetch(request); } };\n`,
    `export { App } from "./app";\nexport default {};\n`,
  ],
  "workers/api/src/app.tsx": [`export const App = 1;\n`, client("room"), client("Room", "/agents/room/x")],
  "workers/agents/nested/wrangler.toml": [
    `name = "nested"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "ROOM"\nclass_name = "Room"\nscript_name = "agents"\n`,
    `name = "nested"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "ROOM"\nclass_name = "Room"\n\n[[migrations]]\ntag = "v1"\nnew_classes = ["Room"]\n`,
    `name = "nested"\nmain = "src/main.ts"\n`,
    `name = "nested"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "ROOM"\nclass_name = "Room"\n\n[[migrations]]\ntag = "v1"\n\n[[migrations]]\ntag = "v1"\n`,
  ],
  // Names the nested config for the vitest pool, or not: its deploy-time findings are info, or errors.
  "workers/agents/vitest.config.ts": [
    `import { cloudflareTest } from "@cloudflare/vitest-pool-workers";\nexport default { plugins: [cloudflareTest({ wrangler: { configPath: "./nested/wrangler.toml" } })] };\n`,
    `import { cloudflareTest } from "@cloudflare/vitest-pool-workers";\nexport default { plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.jsonc" } })] };\n`,
  ],
  "workers/agents/nested/src/index.ts": [`export { Room } from "./room";\nexport default {};\n`, `export default {};\n`, `import { routeAgentRequest } from "agents";\nexport default { fetch: (r: Request, e: unknown) => routeAgentRequest(r, e, { prefix: "rooms" }) };\n`],
  "workers/agents/nested/src/room.ts": [`import { DurableObject } from "cloudflare:workers";\nexport class Room extends DurableObject {}\n`, `export class Room {}\n`, `import { DurableObject } from "cloudflare:workers";\nexport class Roomy extends DurableObject {}\n`],
  "packages/shared/src/base.ts": [`import { Agent } from "agents";\nexport class BaseAgent extends Agent<unknown> {}\n`, `export class BaseAgent {}\n`, `export class ChatAgent {}\nexport class BaseAgent {}\n`],
  "packages/shared/src/client.tsx": [client("chat-agent"), client("ChatAgents"), client("room", "/rooms/room/1"), `export {};\n`],
};
const FILES = Object.keys(VARIANTS);

/** A memory workspace whose files can be edited in place (nothing created or deleted). */
function workspace(): FileHost & { set(file: string, text: string): void } {
  const initial = Object.fromEntries(FILES.map((file) => [file, VARIANTS[file][0]]));
  const memory = createMemoryHost(PROJECT_ROOT, initial);
  return {
    ...memory,
    readFile: (file) => {
      const text = memory.files.get(file);
      return text === UNREADABLE ? undefined : text;
    },
    set: (file, text) => void memory.files.set(path.join(PROJECT_ROOT, file), text),
  };
}

const fresh = (host: FileHost) => analyze({ roots: [PROJECT_ROOT], host });

function assertSameFindings(incremental: AnalysisResult, full: AnalysisResult, what: string): void {
  const show = (r: AnalysisResult) => r.findings.map((f) => `${f.ruleId} ${path.relative(PROJECT_ROOT, f.file)}:${f.range.start.line}:${f.range.start.character} ${f.message} ${JSON.stringify(f.fixes)} ${JSON.stringify(f.related)}`);
  assert.deepEqual(show(incremental), show(full), what);
  assert.deepEqual(incremental.findings, full.findings, what);
}

describe("incremental analysis", function () {
  this.timeout(120_000);

  it("gives exactly a fresh analysis's findings after any series of edits", () => {
    const seenRules = new Set<string>();
    let partial = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...FILES), fc.nat(10)), { minLength: 1, maxLength: 10 }), (edits) => {
        const host = workspace();
        const store = new ModuleStore(host);
        const listing = listWorkspaceFiles([PROJECT_ROOT], host);
        let previous = analyze({ roots: [PROJECT_ROOT], host, store, listing });
        const steps: string[] = [];
        for (const [file, pick] of edits) {
          const variants = VARIANTS[file];
          const text = variants[pick % variants.length];
          host.set(file, text);
          steps.push(`${file} #${pick % variants.length}`);
          const next = analyze({ roots: [PROJECT_ROOT], host, store, listing, incremental: { previous, changedFiles: [path.join(PROJECT_ROOT, file)] } });
          const full = fresh(host);
          assertSameFindings(next, full, `after ${steps.join(", ")}`);
          for (const finding of full.findings) seenRules.add(finding.ruleId);
          if (next.checkedWorkers < next.workers.length) partial++;
          previous = next;
        }
      }),
      fuzzParameters(150, 4242),
    );
    // The workspace must exercise the cross-worker rules, and re-checks must skip workers.
    for (const rule of ["agent-route-mismatch", "script-name-invalid", "deleted-class-still-bound", "class-not-exported", "unknown-binding-in-code", "config-parse-error"]) {
      assert.ok(seenRules.has(rule), `no edit series produced ${rule} (seen: ${[...seenRules].join(", ")})`);
    }
    assert.ok(partial > 0, "every re-check checked every worker");
  });

  it("re-checks only the edited worker when agent routing and script_name ties stay the same", () => {
    const host = workspace();
    const store = new ModuleStore(host);
    const listing = listWorkspaceFiles([PROJECT_ROOT], host);
    const first = analyze({ roots: [PROJECT_ROOT], host, store, listing });
    assert.equal(first.workers.length, 3);
    // A config edit that changes no binding name: that worker and the one its script_name names
    // (whose checks read this config), not the nested worker naming that one in turn.
    const config = "workers/api/wrangler.jsonc";
    host.set(config, VARIANTS[config][3]);
    const afterConfig = analyze({ roots: [PROJECT_ROOT], host, store, listing, incremental: { previous: first, changedFiles: [path.join(PROJECT_ROOT, config)] } });
    assert.equal(afterConfig.checkedWorkers, 2);
    assertSameFindings(afterConfig, fresh(host), "after the config edit");
    // A binding renamed: the routed namespaces change, so every owner of client code is checked again.
    host.set(config, VARIANTS[config][2]);
    const afterRename = analyze({ roots: [PROJECT_ROOT], host, store, listing, incremental: { previous: afterConfig, changedFiles: [path.join(PROJECT_ROOT, config)] } });
    assert.ok(afterRename.checkedWorkers >= 2, `checked ${afterRename.checkedWorkers}`);
    assertSameFindings(afterRename, fresh(host), "after the rename");
    // A source of the nested worker that routes no agents: the nested worker, and the one whose
    // folder holds it. Changing its routeAgentRequest prefix reaches every client owner.
    const nested = "workers/agents/nested/src/room.ts";
    host.set(nested, VARIANTS[nested][1]);
    const afterSource = analyze({ roots: [PROJECT_ROOT], host, store, listing, incremental: { previous: afterRename, changedFiles: [path.join(PROJECT_ROOT, nested)] } });
    assert.equal(afterSource.checkedWorkers, 2);
    assertSameFindings(afterSource, fresh(host), "after the source edit");
  });
});
