// The binding guard under the real wrangler dev (test/probe-projects' wrangler 4.86.0): a worker whose
// config lacks the Durable Object binding its fetch handler uses, guarded by the code action's own
// edit, answers 500 with the guard's message at once instead of throwing on `env.CoderAgent.idFromName`.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { bindingGuardAt } from "../../server/src/edits/bindingGuard";
import { DevServer, freePorts } from "../../server/src/probe/devServer";
import { findWrangler, localModeFlag } from "../../server/src/probe/findWrangler";
import { chooseNode, enginesNode } from "../../server/src/probe/nodeRuntime";
import { REPO_ROOT } from "../support/fixtures";

const PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");

const WORKER = `export default {
  async fetch(request: Request, env: { CoderAgent: DurableObjectNamespace }): Promise<Response> {
    const id = env.CoderAgent.idFromName("default");
    return env.CoderAgent.get(id).fetch(request);
  },
};
`;

async function fetchWithin(url: string, ms: number): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(ms) });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

describe("binding guard under real wrangler dev (binding absent)", function () {
  this.timeout(120_000);
  let dir: string;
  let server: DevServer | undefined;

  before(function () {
    if (!findWrangler(PROJECTS)) throw new Error("test/probe-projects has no node_modules: run `npm ci` there (scripts/test.mjs does it)");
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function serve(source: string): Promise<string> {
    // Inside test/probe-projects, so that the project's own wrangler is found by walking up.
    dir = fs.mkdtempSync(path.join(PROJECTS, "guard-"));
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "wrangler.jsonc"), `{\n  "name": "guarded",\n  "main": "src/index.ts",\n  "compatibility_date": "2025-06-01",\n  // No durable_objects: the binding the code uses is absent.\n}\n`);
    fs.writeFileSync(path.join(dir, "src", "index.ts"), source);
    const wrangler = findWrangler(dir)!;
    const node = chooseNode(enginesNode(wrangler.packageDir));
    const [port, inspectorPort] = await freePorts(2);
    const local = localModeFlag(wrangler);
    const lines: string[] = [];
    const ready = new Promise<string>((resolve, reject) => {
      server = new DevServer({
        node: node.node,
        script: wrangler.entry,
        args: ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", path.join(dir, ".state"), ...(local ? [local] : [])],
        cwd: dir,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", XDG_CONFIG_HOME: path.join(dir, ".config"), WRANGLER_LOG_PATH: path.join(dir, ".logs"), NO_COLOR: "1", FORCE_COLOR: "0" },
        onLine(_stream, line) {
          lines.push(line);
          const url = /Ready on (https?:\/\/\S+)/.exec(line)?.[1];
          if (url) resolve(url);
        },
        onExit(code) {
          reject(new Error(`wrangler dev exited (${code}):\n${lines.join("\n")}`));
        },
      });
    });
    return Promise.race([ready, new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`wrangler dev not ready in 60 s:\n${lines.join("\n")}`)), 60_000))]);
  }

  it("the guarded worker answers 500 with the guard's message, promptly", async () => {
    const offset = WORKER.indexOf("idFromName");
    const guard = bindingGuardAt("src/index.ts", WORKER, offset, { configName: "guarded/wrangler.jsonc", namespaces: [] });
    assert.ok(guard, "the guard is offered");
    const guarded = WORKER.slice(0, guard.span.start) + guard.newText + WORKER.slice(guard.span.end);
    const url = await serve(guarded);
    const answer = await fetchWithin(`${url}/agents/coder-agent/default`, 15_000);
    assert.equal(answer.status, 500);
    assert.equal(answer.body, 'Durable Object binding "CoderAgent" is missing: add it to durable_objects.bindings in guarded/wrangler.jsonc for this environment, then deploy again.');
    assert.ok(answer.ms < 10_000, `answered in ${answer.ms} ms`);
  });

  it("without the guard the same request fails on the undefined binding (the bug report's TypeError)", async () => {
    const url = await serve(WORKER);
    const answer = await fetchWithin(`${url}/agents/coder-agent/default`, 15_000);
    assert.equal(answer.status, 500);
    assert.match(answer.body, /Cannot read properties of undefined \(reading 'idFromName'\)/);
  });
});
