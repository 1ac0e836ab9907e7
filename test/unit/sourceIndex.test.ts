import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createDiskHost } from "../../server/src/host";
import { listWorkspaceFiles } from "../../server/src/project/discover";
import { ModuleStore } from "../../server/src/source/moduleStore";
import { SourceIndex } from "../../server/src/source/sourceIndex";

/** A store that records which files it parsed. */
class CountingStore extends ModuleStore {
  readonly parsed: string[] = [];
  override get(file: string) {
    this.parsed.push(path.basename(file));
    return super.get(file);
  }
}

describe("SourceIndex: class lookups read only the files that can hold the answer", () => {
  let dir: string;
  const files: Record<string, string> = {
    "a/one.ts": `export class Counter extends DurableObject {}\nexport class Other {}\n`,
    "a/two.ts": `// says class, not the name\nexport class Unrelated {}\n`,
    "a/three.ts": `export const Counter = class extends DurableObject {};\n`,
    "b/four.ts": `export class \\u0043ounter extends DurableObject {}\n`,
    "b/five.ts": `const className = "x"; export const Counter = 1;\n`,
    "b/deep/six.ts": `class Zeta {}\nclass Alpha {}\n`,
    "c/seven.ts": `export const x = 1; // no classes, never read\n`,
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-source-index-"));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const index = () => {
    const host = createDiskHost();
    const store = new CountingStore(host);
    return { store, index: new SourceIndex(store, listWorkspaceFiles([dir], host).sources) };
  };

  it("finds a name in declarations and class expressions, escaped or not, in listing order, parsing no file without the name", () => {
    const { store, index: sources } = index();
    const found = sources.classesNamed("Counter").map((c) => `${path.basename(c.module.file)}:${c.declaration.name}`);
    assert.deepEqual(found, ["one.ts:Counter", "three.ts:Counter", "four.ts:Counter"]);
    assert.deepEqual(store.parsed.sort(), ["five.ts", "four.ts", "one.ts", "three.ts"].sort(), "only files whose text holds the name (or a \\u escape) and says class");
    assert.deepEqual(sources.classesNamed("Counter", path.join(dir, "a")).map((c) => path.basename(c.module.file)), ["one.ts", "three.ts"]);
    assert.deepEqual(sources.classesNamed("Missing"), []);
  });

  it("lists the classes under a folder in file order, each file's in text order, reading only that folder", () => {
    const { store, index: sources } = index();
    const under = sources.classesUnder(path.join(dir, "b")).map((c) => `${path.basename(c.module.file)}:${c.declaration.name}`);
    assert.deepEqual(under, ["six.ts:Zeta", "six.ts:Alpha", "four.ts:Counter"]);
    assert.ok(store.parsed.every((name) => ["four.ts", "five.ts", "six.ts"].includes(name)), `read outside b/: ${store.parsed.join(", ")}`);
    assert.deepEqual(sources.classesUnder(path.join(dir, "c")), []);
  });

  it("reads for client facts only files that can name an agent, escaped URLs included", () => {
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-client-index-"));
    try {
      const clients: Record<string, string> = {
        "hook.tsx": `import { useAgent } from "agents/react";\nexport const a = useAgent({ agent: "chat-agent" });\n`,
        "escaped.ts": `export const r = fetch("\\x2fagents/counter/x");\n`,
        "template.ts": `export const r = fetch(\`\${origin}agents/counter/x\`);\n`,
        "chat.tsx": `import { useAgentChat } from "agents/ai-react";\nexport const c = useAgentChat({ agent });\n`,
        "import-only.ts": `import { routeAgentRequest } from "agents";\nimport x from "agents/mcp";\n`,
      };
      for (const [name, text] of Object.entries(clients)) fs.writeFileSync(path.join(clientDir, name), text);
      const host = createDiskHost();
      const store = new CountingStore(host);
      const sources = new SourceIndex(store, listWorkspaceFiles([clientDir], host).sources);
      const refs = sources.clientReferences().map((m) => `${path.basename(m.file)}:${m.agentRefs.map((r) => r.text ?? r.via).join(",")}`);
      assert.deepEqual(refs.sort(), ["escaped.ts:/agents/counter/x", "hook.tsx:chat-agent", "template.ts:agents/counter/x"], `refs: ${refs.join(" ")}`);
      assert.deepEqual(store.parsed.sort(), ["escaped.ts", "hook.tsx", "template.ts"], "useAgentChat and import specifiers are no client hint");
    } finally {
      fs.rmSync(clientDir, { recursive: true, force: true });
    }
  });
});
