// Real probes with two toolchains, one wrangler at a time:
// - wrangler 4.86.0 on the Node running the tests (test/probe-projects/node_modules), the last release on Node 20;
// - the wrangler users get today, 4.164.0 (test/probe-projects-current/node_modules), which needs
//   Node >= 22.12: the probe must find the Node 24 that scripts/test.mjs puts on PATH (DO_DOCTOR_PROBE_NODE).
// Each case copies a project of test/probe-projects into a temporary folder next to the toolchain's
// node_modules (a link), as a user's project would have it. After each: nothing left behind, the
// project's listing unchanged (no .wrangler/ either: wrangler 4.1xx makes .wrangler/tmp/email).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { satisfies } from "../../server/src/probe/nodeRuntime";
import { assertToolchainInstalled, bindingReport, explain, probeCopy, TOOLCHAINS } from "./probeToolchain";

for (const toolchain of TOOLCHAINS) {
  describe(`probe with ${toolchain.label} (real wrangler dev)`, function () {
    this.timeout(120_000);
    this.slow(20_000);

    before(function () {
      assertToolchainInstalled(toolchain);
    });

    it("plain Durable Object with RPC methods only: ok from the binding itself, no fetch() sent, no /agents/ route", async () => {
      const report = await probeCopy(toolchain, "plain-do");
      assert.equal(report.verdict, "ok", explain(report));
      assert.equal(report.binding, "COUNTER");
      assert.equal(report.http, undefined, "no route is guessed");
      assert.equal(report.websocket, undefined);
      assert.doesNotMatch(report.sentence, /\/agents\//);
      assert.match(report.sentence, /live Durable Object namespace of Counter.*over RPC/);
      const counter = bindingReport(report, "COUNTER");
      assert.deepEqual([counter.isNamespace, counter.hasFetch, counter.rpc?.reachable, counter.stubAnswer], [true, false, true, undefined]);
      assert.deepEqual(counter.rpcMethods, ["increment"]);
      assert.ok(!report.log.some((line) => /does not export a fetch\(\) function|Uncaught/.test(line)), report.log.join("\n"));
      // Item 7: the ASSETS Fetcher answers idFromName too; its constructor says what it is.
      const keys = (report.envReport as { keys: { name: string; kind: string }[] }).keys;
      assert.deepEqual(keys.filter((k) => k.kind === "durable-object-namespace").map((k) => k.name).sort(), ["COUNTER", "ECHO"]);
      assert.equal(keys.find((k) => k.name === "ASSETS")?.kind, "Fetcher");
      // Item 4: build.command found the project's own esbuild (node_modules/.bin on PATH).
      assert.ok(report.log.some((line) => /\[custom build\] \d+\.\d+\.\d+/.test(line)), report.log.join("\n"));
      // Item 5: local mode, said in a note, and no login was asked for.
      assert.ok(report.notes.some((n) => /ran in local mode \(--local: remote bindings disabled/.test(n)), report.notes.join("\n"));
      assert.ok(!report.log.some((line) => /CLOUDFLARE_API_TOKEN|remote proxy session/.test(line)));
      if (toolchain.pathAdd) assert.ok(report.notes.some((n) => /requires Node\.js >=22\.12\.0 \(its engines\.node\).*first suitable node on PATH/.test(n)), report.notes.join("\n"));
    });

    it("plain Durable Object with fetch(): its stub's fetch answers", async () => {
      const report = await probeCopy(toolchain, "plain-do", { binding: "ECHO" });
      assert.equal(report.verdict, "ok", explain(report));
      const echo = bindingReport(report, "ECHO");
      assert.equal(echo.hasFetch, true);
      assert.equal(echo.stubAnswer?.status, 200);
      assert.match(echo.stubAnswer!.bodyExcerpt, /^echo \//);
      assert.match(report.sentence, /fetch\(\) answered HTTP 200/);
    });

    it("a Fetcher probed as a binding: binding-not-namespace, by its constructor name", async () => {
      const report = await probeCopy(toolchain, "plain-do", { binding: "ASSETS" });
      assert.equal(report.verdict, "binding-not-namespace", explain(report));
      assert.match(report.sentence, /env\.ASSETS is a Fetcher, not a Durable Object namespace/);
      assert.equal(bindingReport(report, "ASSETS").hasIdFromName, true, "the Fetcher does answer idFromName: why the constructor decides");
    });

    it("partyserver's routePartykitRequest with prefix rooms: probes /rooms/<namespace>/<room>", async () => {
      const report = await probeCopy(toolchain, "partyserver-rooms");
      assert.equal(report.verdict, "ok", explain(report));
      assert.match(report.http!.url, /\/rooms\/chat-room\/default$/);
      assert.equal(report.http?.status, 200);
      assert.equal(report.websocket?.status, 101);
      assert.equal(report.websocket?.frames[0], '{"type":"welcome","room":"default"}');
      assert.ok(!report.notes.some((n) => /cf_agent_identity/.test(n)), report.notes.join("\n"));
    });

    it("the worker's own auth answers 401: auth-required; with --header credentials: ok", async () => {
      const denied = await probeCopy(toolchain, "agent-auth");
      assert.equal(denied.verdict, "auth-required", explain(denied));
      assert.match(denied.sentence, /\/agents\/coder-agent\/default answers, but the worker requires credentials: HTTP GET got 401 "Unauthorized: missing or invalid token"/);
      assert.match(denied.fix, /--header "Authorization: Bearer <token>"/);
      const allowed = await probeCopy(toolchain, "agent-auth", { headers: [["Authorization", "Bearer probe-secret"]] });
      assert.equal(allowed.verdict, "ok", explain(allowed));
      assert.match(allowed.websocket!.frames[0], /"type":"cf_agent_identity"/);
    });

    it("an agent behind the worker's own path (getAgentByName): the binding only, and says so", async () => {
      const report = await probeCopy(toolchain, "agent-own-route");
      assert.equal(report.verdict, "ok", explain(report));
      assert.equal(report.http, undefined);
      assert.equal(bindingReport(report, "ChatAgent").stubAnswer?.status, 200);
      assert.ok(report.notes.some((n) => /No route was probed: .*getAgentByName behind its own paths/.test(n)), report.notes.join("\n"));
      assert.ok(![report.sentence, report.fix, ...report.notes].some((text) => /routeAgentRequest\(/.test(text)), "never blames routeAgentRequest");
    });

    it("class declared in the entry without export: class-not-exported, fix adds `export` to the class", async () => {
      const report = await probeCopy(toolchain, "agent-own-route", {}, (dir) => {
        const server = path.join(dir, "src", "server.ts");
        fs.writeFileSync(server, fs.readFileSync(server, "utf8").replace("export class ChatAgent", "class ChatAgent"));
      });
      assert.equal(report.verdict, "class-not-exported", explain(report));
      assert.match(report.fix, /Add `export` to the class declaration in src\/server\.ts: `export class ChatAgent/);
    });

    if (toolchain.nodeMajor) {
      for (const [project, verdict, options] of [
        ["healthy", "ok", {}],
        ["class-not-exported", "class-not-exported", {}],
        ["no-migration", "agent-error", {}],
        ["env-missing-durable-objects", "binding-missing", { environment: "staging" }],
        ["binding-renamed", "route-mismatch", { path: "/agents/coder-agent/default" }],
      ] as const) {
        it(`${project}: ${verdict}, as with wrangler 4.86`, async () => {
          const report = await probeCopy(toolchain, project, options);
          assert.equal(report.verdict, verdict, explain(report));
        });
      }

      it("no suitable Node on PATH: node-unsupported quoting wrangler's own requirement line", async function () {
        // Only a Node older than wrangler's engines can show the verdict; on Node >= 22.12 (a
        // developer's newer Node) there is nothing to refuse. CI and this machine run Node 20.
        if (satisfies(process.versions.node, ">=22.12.0")) this.skip();
        const report = await probeCopy({ ...toolchain, pathAdd: undefined, nodeMajor: undefined }, "healthy");
        assert.equal(report.verdict, "node-unsupported", explain(report));
        assert.match(report.sentence, /"Wrangler requires at least Node\.js v22\.12\.0\. You are using v\d+\.\d+\.\d+\./);
        assert.match(report.fix, /Install Node\.js >=22\.12\.0 \(wrangler's engines\.node\)/);
      });
    }
  });
}
