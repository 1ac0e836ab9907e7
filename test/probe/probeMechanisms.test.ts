// The probe's mechanisms that need no wrangler: the Node it picks from engines.node, the PATH it gives
// wrangler, the partyserver router read from the source, what it removes under .wrangler/, and the
// sentences for routers, auth, the Node requirement and classes declared in the entry.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseLogLine } from "../../server/src/probe/output";
import { chooseNode, projectPath, satisfies } from "../../server/src/probe/nodeRuntime";
import type { EnvReport } from "../../server/src/probe/report";
import { partykitPrefixes } from "../../server/src/probe/router";
import { classifyProbe, classifyStartup, type VerdictContext } from "../../server/src/probe/verdict";
import { WranglerFolderGuard } from "../../server/src/probe/wranglerFolder";
import type { ModuleInfo } from "../../server/src/source/model";
import { REPO_ROOT } from "../support/fixtures";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-mechanisms-"));
}

function fakeNode(dir: string, version: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "node");
  fs.writeFileSync(file, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return file;
}

describe("probe: the Node that runs wrangler", () => {
  it("reads the engines.node forms wrangler and others use", () => {
    assert.equal(satisfies("20.20.2", ">=22.12.0"), false);
    assert.equal(satisfies("22.12.0", ">=22.12.0"), true);
    assert.equal(satisfies("24.1.0", ">=22.0.0"), true);
    assert.equal(satisfies("20.19.0", "^20.19 || >=22.12"), true);
    assert.equal(satisfies("21.0.0", "^20.19 || >=22.12"), false);
    assert.equal(satisfies("18.5.0", ">=16.13.0"), true);
    assert.equal(satisfies("20.1.0", "20.x"), true);
    assert.equal(satisfies("20.1.0", ">=18 <20"), false);
    assert.equal(satisfies("20.1.0", "latest"), undefined, "an unread form does not second-guess");
  });

  it("keeps the current Node when it satisfies, else the first suitable node on PATH, else none with what was tried", function () {
    // The fake node scripts on PATH are shell scripts (#!/bin/sh); Windows would need .cmd files.
    if (process.platform === "win32") this.skip();
    const dir = tempDir();
    try {
      const old = fakeNode(path.join(dir, "a"), "20.1.0");
      const good = fakeNode(path.join(dir, "b"), "24.3.0");
      fakeNode(path.join(dir, "c"), "22.12.0");
      const PATH = [path.dirname(old), path.dirname(good), path.join(dir, "c")].join(path.delimiter);
      assert.deepEqual(chooseNode(">=22.12.0", PATH, "22.13.0", "/current/node"), { kind: "current", node: "/current/node", version: "22.13.0" });
      assert.deepEqual(chooseNode(">=22.12.0", PATH, "20.20.2", "/current/node"), { kind: "path", node: good, version: "24.3.0", current: "20.20.2" });
      const none = chooseNode(">=26", PATH, "20.20.2", "/current/node");
      assert.equal(none.kind, "none");
      assert.deepEqual(none.kind === "none" ? none.tried.map((t) => t.version) : [], ["20.1.0", "24.3.0", "22.12.0"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("PATH as npm run builds it: each node_modules/.bin from the config's folder up, then the Node's folder", () => {
    const dir = tempDir();
    try {
      const project = path.join(dir, "packages", "worker");
      for (const bin of [path.join(dir, "node_modules", ".bin"), path.join(project, "node_modules", ".bin")]) fs.mkdirSync(bin, { recursive: true });
      const result = projectPath(project, "/opt/node24/bin/node", "/usr/bin").split(path.delimiter);
      assert.deepEqual(result.slice(0, 4), [path.join(project, "node_modules", ".bin"), path.join(dir, "node_modules", ".bin"), "/opt/node24/bin", "/usr/bin"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("probe: the router read from the source", () => {
  const module = (imports: ModuleInfo["imports"]): ModuleInfo => ({ file: "/w/src/server.ts", imports, moduleRequests: [], exports: [], starExports: [], classes: [], envUses: [], agentRefs: [], routePrefixes: [], mcpServes: [], wrappedClasses: [], hasDefaultExport: true });

  it("routePartykitRequest imported from partyserver: its prefix option, default parties", () => {
    const named = module([{ local: "route", imported: "routePartykitRequest", module: "partyserver" }]);
    assert.deepEqual(partykitPrefixes(named, `export default { fetch: (r, env) => route(r, env) };`), [{ prefix: "parties", dynamic: false }]);
    assert.deepEqual(partykitPrefixes(named, `route(r, env, { prefix: "rooms/v1", cors: true });`), [{ prefix: "rooms/v1", dynamic: false }]);
    assert.deepEqual(partykitPrefixes(named, `route(r, env, { prefix });`), [{ prefix: "parties", dynamic: true }]);
    assert.deepEqual(partykitPrefixes(named, `routePartykitRequest(r, env);`), [], "by where the name was imported from, not its spelling");
    const star = module([{ local: "ps", imported: "*", module: "partyserver" }]);
    assert.deepEqual(partykitPrefixes(star, `ps.routePartykitRequest(r, env, { prefix: "p" });`), [{ prefix: "p", dynamic: false }]);
    assert.deepEqual(partykitPrefixes(module([{ local: "routePartykitRequest", imported: "routePartykitRequest", module: "./mine" }]), `routePartykitRequest(r, env);`), []);
  });
});

describe("probe: what it removes under .wrangler/", () => {
  it("everything new under .wrangler/tmp (tmp/email too), then the folders it made; what was there stays", () => {
    const dir = tempDir();
    try {
      let guard = new WranglerFolderGuard(dir);
      fs.mkdirSync(path.join(dir, ".wrangler", "tmp", "email"), { recursive: true });
      fs.mkdirSync(path.join(dir, ".wrangler", "tmp", "bundle-abc"), { recursive: true });
      assert.equal(guard.restore(), undefined);
      assert.deepEqual(fs.readdirSync(dir), [], "no .wrangler left");

      fs.mkdirSync(path.join(dir, ".wrangler", "tmp", "mine"), { recursive: true });
      fs.mkdirSync(path.join(dir, ".wrangler", "state"), { recursive: true });
      guard = new WranglerFolderGuard(dir);
      fs.mkdirSync(path.join(dir, ".wrangler", "tmp", "email", "session"), { recursive: true });
      assert.equal(guard.restore(), undefined);
      assert.deepEqual(fs.readdirSync(path.join(dir, ".wrangler", "tmp")), ["mine"]);
      assert.deepEqual(fs.readdirSync(path.join(dir, ".wrangler")).sort(), ["state", "tmp"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const base: VerdictContext = {
  configName: "wrangler.jsonc",
  main: "src/server.ts",
  binding: "CODER",
  className: "CoderAgent",
  bindings: ["CODER"],
  topLevelBindings: ["CODER"],
  routePath: "/some/prefix/coder/default",
  staticFindings: [],
  router: { kind: "agents", prefix: "some/prefix" },
};
const ready = [{ stream: "stdout" as const, text: "[wrangler:info] Ready on http://127.0.0.1:8787" }];
const envReport: EnvReport = {
  keys: [{ name: "CODER", kind: "durable-object-namespace" }, { name: "ASSETS", kind: "Fetcher" }],
  bindings: { CODER: { present: true, type: "object", constructorName: "DurableObjectNamespace", isNamespace: true, hasIdFromName: true, hasGet: true } },
};

describe("probe: sentences for routers, auth, Node and the class's own declaration", () => {
  it("route-mismatch under prefix some/prefix names /some/prefix/..., never /agents/...", () => {
    const lines = [...ready, { stream: "stdout" as const, text: 'The URL http://127.0.0.1:8787/some/prefix/coder-agent/default with namespace "coder-agent" and name "default" does not match any Durable Object binding.' }];
    const verdict = classifyProbe({ lines, readyIndex: 0, envReport, http: { url: "u", status: 400, body: "Invalid request" }, websocket: { url: "u", status: 400, frames: [] } }, base);
    assert.equal(verdict.verdict, "route-mismatch");
    assert.match(verdict.sentence, /serves \/some\/prefix\/coder\/<name> \(CODER\)/);
    assert.match(verdict.fix, /useAgent\(\{ agent: "coder", prefix: "some\/prefix" \}\) or \/some\/prefix\/coder\/<name>/);
    assert.doesNotMatch(verdict.sentence + verdict.fix, /\/agents\//);
    assert.ok(!verdict.sentence.includes("ASSETS"), "a Fetcher is not listed as a namespace");
  });

  it("route-not-handled and websocket-failed name the router the worker calls", () => {
    const partyserver = { ...base, router: { kind: "partyserver" as const, prefix: "parties" }, routePath: "/parties/coder/default" };
    const notHandled = classifyProbe({ lines: ready, readyIndex: 0, envReport, http: { url: "u", status: 404, body: "Not found" }, websocket: { url: "u", status: 404, frames: [] } }, partyserver);
    assert.equal(notHandled.verdict, "route-not-handled");
    assert.match(notHandled.sentence, /routePartykitRequest is not called/);
    assert.doesNotMatch(notHandled.sentence + notHandled.fix, /routeAgentRequest/);
    const own = classifyProbe({ lines: ready, readyIndex: 0, envReport, http: { url: "u", status: 404, body: "Not found" }, websocket: { url: "u", status: 404, frames: [] } }, { ...base, router: { kind: "none" }, routePath: "/chat" });
    assert.doesNotMatch(own.sentence + own.fix, /routeAgentRequest/);
    const ws = classifyProbe({ lines: ready, readyIndex: 0, envReport, http: { url: "u", status: 200, body: "hi" }, websocket: { url: "u", status: 200, frames: [] } }, partyserver);
    assert.equal(ws.verdict, "websocket-failed");
    assert.match(ws.fix, /routePartykitRequest/);
  });

  it("401/403 from the worker's own auth: auth-required, with --header and a --path query in the fix", () => {
    for (const status of [401, 403]) {
      const verdict = classifyProbe({ lines: ready, readyIndex: 0, envReport, http: { url: "u", status, body: "Unauthorized" }, websocket: { url: "u", status, frames: [] } }, base);
      assert.equal(verdict.verdict, "auth-required");
      assert.match(verdict.sentence, new RegExp(`answers, but the worker requires credentials: HTTP GET got ${status} "Unauthorized"`));
      assert.match(verdict.fix, /--header "Authorization: Bearer <token>"/);
      assert.match(verdict.fix, /--path "\/some\/prefix\/coder\/default\?token=<token>"/);
    }
  });

  it("node-unsupported quotes wrangler's requirement line, not its last one", () => {
    const lines = [
      "stderr|Wrangler requires at least Node.js v22.12.0. You are using v20.20.2. Please update your version of Node.js.",
      "stderr|",
      "stderr|Consider using a Node.js version manager such as https://volta.sh/ or https://github.com/nvm-sh/nvm.",
    ].map(parseLogLine);
    const verdict = classifyProbe({ lines, exit: { code: 1, signal: null } }, { ...base, nodeRequirement: ">=22.12.0" });
    assert.equal(verdict.verdict, "node-unsupported");
    assert.match(verdict.sentence, /needs a newer Node\.js than 20\.20\.2: "Wrangler requires at least Node\.js v22\.12\.0\. You are using v20\.20\.2\./);
    assert.doesNotMatch(verdict.sentence, /version manager/);
    assert.match(verdict.fix, /Node\.js >=22\.12\.0/);
  });

  it("class-not-exported: `export` on the class when the entry declares it, an export line when another module does", () => {
    const lines = [{ stream: "stderr" as const, text: "✘ [ERROR] Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: CoderAgent." }];
    const inEntry = classifyStartup(lines, { ...base, classFacts: { kind: "agent", declaredInEntry: true, exportedFromEntryDeclaration: false } });
    assert.match(inEntry!.fix, /^Add `export` to the class declaration in src\/server\.ts: `export class CoderAgent/);
    const elsewhere = classifyStartup(lines, { ...base, classFacts: { kind: "agent", declaredInEntry: false, exportedFromEntryDeclaration: false } });
    assert.match(elsewhere!.fix, /export \{ CoderAgent \} from/);
  });

  it("binding only (no router): ok over RPC, fetch() when the class has it, agent-error when the instance throws", () => {
    const context: VerdictContext = { ...base, router: { kind: "none" }, routePath: undefined, bindingUses: ["getAgentByName"] };
    const rpc = classifyProbe({ lines: ready, readyIndex: 0, envReport: { ...envReport, bindings: { CODER: { ...envReport.bindings.CODER, stub: true, hasFetch: false, rpcMethods: ["sayHello"], rpc: { reachable: true, answer: 'The RPC receiver does not implement the method "__doDoctorProbe".' } } } } }, context);
    assert.equal(rpc.verdict, "ok");
    assert.match(rpc.sentence, /answers over RPC/);
    assert.ok(rpc.notes?.some((n) => /getAgentByName behind its own paths/.test(n)));
    const failing = classifyProbe({ lines: ready, readyIndex: 0, envReport: { ...envReport, bindings: { CODER: { ...envReport.bindings.CODER, stub: true, hasFetch: false, rpc: { reachable: false, error: "Error: boom in constructor" } } } } }, context);
    assert.equal(failing.verdict, "agent-error");
    assert.match(failing.sentence, /boom in constructor/);
    const fetched = classifyProbe({ lines: ready, readyIndex: 0, envReport: { ...envReport, bindings: { CODER: { ...envReport.bindings.CODER, stub: true, hasFetch: true, stubAnswer: { status: 500, bodyExcerpt: "Internal Server Error" } } } } }, context);
    assert.equal(fetched.verdict, "agent-error");
    assert.match(fetched.sentence, /fetch\(\) fails with HTTP 500/);
  });

  it("the probe's source files name no machine path", () => {
    for (const file of fs.readdirSync(path.join(REPO_ROOT, "server", "src", "probe"))) {
      assert.doesNotMatch(fs.readFileSync(path.join(REPO_ROOT, "server", "src", "probe", file), "utf8"), /\/work\/|\/root\/|\/home\//, file);
    }
  });
});
