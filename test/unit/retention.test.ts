import * as assert from "node:assert/strict";
import * as path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { analyze, type AnalysisResult } from "../../server/src/analyze";
import { createOverlayHost } from "../../server/src/host";
import { listWorkspaceFiles } from "../../server/src/project/discover";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { createMemoryHost } from "../support/memoryHost";
import { PROJECT_ROOT } from "../support/ruleTester";

/**
 * The language server keeps the latest analysis of each folder and hands it to the next re-check as
 * `previous`. A re-check may take facts over from it, but must not keep it (and through it every
 * earlier one) alive: over a long editing session that chain would grow by one analysis per edit.
 */
describe("memory: a re-check keeps no earlier analysis alive", function () {
  this.timeout(30_000);

  it("after 12 incremental analyses only the last one is reachable", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const files = {
      "wrangler.jsonc": `{ "name": "w", "main": "src/index.ts", "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }, "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }] }\n`,
      "src/index.ts": `export default { fetch(r: Request, env: any) { return env.COUNTER.idFromName("a"); } };\n`,
      "src/counter.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n`,
    };
    const overlay = new Map<string, string>();
    const host = createOverlayHost(createMemoryHost(PROJECT_ROOT, files), overlay);
    const store = new ModuleStore(host);
    const listing = listWorkspaceFiles([PROJECT_ROOT], host);
    const edited = path.join(PROJECT_ROOT, "src", "index.ts");
    let previous: AnalysisResult = analyze({ roots: [PROJECT_ROOT], host, store, listing });
    const refs: WeakRef<AnalysisResult>[] = [];
    for (let i = 0; i < 12; i++) {
      overlay.set(edited, i % 2 === 0 ? `export { Counter } from "./counter";\n${files["src/index.ts"]}` : files["src/index.ts"]);
      store.beginAnalysis([edited]);
      previous = analyze({ roots: [PROJECT_ROOT], host, store, listing, incremental: { previous, changedFiles: [edited] } });
      assert.equal(previous.findings.some((f) => f.ruleId === "class-not-exported"), i % 2 === 1);
      refs.push(new WeakRef(previous));
      // A WeakRef's target stays alive until the current job ends: let it end before collecting.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // V8 itself may hold an object for a moment after the program lets go of it: a function queued
    // for optimization on a background thread keeps handles to its closure's context (a re-check's
    // context holds its `previous`) until the compile ends. Such a hold ends by itself; a chain kept
    // by the engine never does. So collect again, a few times, letting background work finish.
    let alive: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      gc();
      alive = refs.map((ref, i) => (ref.deref() ? i : -1)).filter((i) => i >= 0);
      if (alive.length === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(alive, [refs.length - 1], "analyses still reachable");
  });
});
