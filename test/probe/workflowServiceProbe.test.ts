// Real probes of Workflow, service-entrypoint and container bindings: the project test/probe-projects/
// workflow-service (a Durable Object, a Workflow and a service binding to a named entrypoint of itself,
// all right), service-entrypoint-missing, edits of them in temporary copies, and a container class of
// examples/jobs-worker. wrangler 4.86.0 on the Node running the tests, and the main cases again with
// 4.164.0 on Node 24 (DO_DOCTOR_PROBE_NODE, from scripts/test.mjs). One wrangler at a time; after each,
// nothing left running and the copy's listing unchanged.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLES } from "../support/fixtures";
import { assertToolchainInstalled, bindingReport, CURRENT, explain, OLD, PROBE_PROJECTS as PROJECTS, probeCopy } from "./probeToolchain";

function editConfig(dir: string, from: string, to: string): void {
  const file = path.join(dir, "wrangler.jsonc");
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${from} is in the config`);
  fs.writeFileSync(file, text.replace(from, to));
}

for (const toolchain of [OLD, CURRENT]) {
  describe(`probe of Workflow and service bindings with ${toolchain.label} (real wrangler dev)`, function () {
    this.timeout(120_000);
    this.slow(20_000);

    before(function () {
      assertToolchainInstalled(toolchain);
    });

    it("everything right: ok for the Durable Object, and the report lists the Workflow and the service entrypoint live", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"));
      assert.equal(report.verdict, "ok", explain(report));
      assert.equal(report.binding, "LEDGER");
      const live = report.evidence.find((e) => e.startsWith("live bindings: "));
      assert.equal(
        live,
        "live bindings: REPORTS present (Workflow of ReportWorkflow; get answers), SELF_API present (Fetcher, worker probe-workflow-service, entrypoint Api: answers), LEDGER present (DurableObjectNamespace of Ledger)",
        explain(report),
      );
      const reports = bindingReport(report, "REPORTS");
      assert.deepEqual([reports.declaredKind, reports.isWorkflow, reports.workflowGet?.answers, reports.workflowGet?.answer], ["workflow", true, true, "instance.not_found"]);
      const api = bindingReport(report, "SELF_API");
      assert.deepEqual([api.constructorName, api.entrypoint, api.serviceRpc?.reachable], ["Fetcher", "Api", true]);
      assert.match(api.serviceRpc!.answer!, /does not implement the method "__doDoctorProbe"/);
      assert.equal((report.envReport as { keys: { name: string; kind: string }[] }).keys.find((k) => k.name === "REPORTS")?.kind, "workflow");
      assert.ok(!report.log.some((line) => /Uncaught|\[ERROR\]/.test(line)), report.log.join("\n"));
    });

    it("--binding REPORTS: ok from the Workflow binding itself, no route, nothing created", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "REPORTS" });
      assert.equal(report.verdict, "ok", explain(report));
      assert.equal(report.http, undefined);
      assert.match(report.sentence, /^REPORTS is bound in the top level to a live Workflow of ReportWorkflow: get\(\) of an instance that cannot exist answered "instance\.not_found"/);
    });

    it("--binding SELF_API: ok, the named entrypoint answers over RPC (no fetch() sent)", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "SELF_API" });
      assert.equal(report.verdict, "ok", explain(report));
      assert.match(report.sentence, /^SELF_API is bound in the top level to a live service binding \(Fetcher\) of worker "probe-workflow-service" \(this worker\), entrypoint Api, which answers over RPC/);
      assert.ok(!report.log.some((line) => /GET \/probe|Uncaught/.test(line)), report.log.join("\n"));
    });

    it("--env staging --binding REPORTS: binding-missing, `workflows` is not inherited (env-missing-bindings)", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "REPORTS", environment: "staging" });
      assert.equal(report.verdict, "binding-missing", explain(report));
      assert.equal(report.ruleId, "env-missing-bindings");
      assert.match(report.sentence, /^env\.staging has no Workflow binding REPORTS: `workflows` is not inherited from the top level/);
      assert.match(report.fix, /^Copy the `workflows` block into env\.staging in wrangler\.jsonc\./);
      assert.equal(bindingReport(report, "REPORTS").present, false);
    });

    it("service entrypoint not exported: entrypoint-missing at startup, quoting workerd", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "service-entrypoint-missing"));
      assert.equal(report.verdict, "entrypoint-missing", explain(report));
      assert.equal(report.ruleId, "service-entrypoint-missing");
      assert.equal(report.binding, "SELF_API");
      assert.match(report.sentence, /^Service binding "SELF_API" asks worker "probe-service-entrypoint-missing" for the entrypoint "Api", but its entry src\/index\.ts has no export of that name/);
      assert.match(report.fix, /^Export a class extending `WorkerEntrypoint` named Api from src\/index\.ts, or fix `entrypoint` in wrangler\.jsonc\./);
      assert.ok(
        report.evidence.some((e) => e.includes(`Worker "core:user:probe-service-entrypoint-missing"'s binding "SELF_API" refers to service "core:user:probe-service-entrypoint-missing" with a named entrypoint "Api", but "core:user:probe-service-entrypoint-missing" has no such named entrypoint.`)),
        report.evidence.join("\n"),
      );
      assert.equal(report.timings.readyMs, undefined, "never ready");
    });

    if (toolchain === CURRENT) return;

    it('`entrypoint: "default"`: workerd refuses it at startup; the fix leaves entrypoint out', async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), {}, (dir) => editConfig(dir, '"entrypoint": "Api"', '"entrypoint": "default"'));
      assert.equal(report.verdict, "entrypoint-missing", explain(report));
      assert.equal(report.ruleId, undefined, "no static rule flags it");
      assert.match(report.sentence, /names the entrypoint "default", which workerd does not accept/);
      assert.match(report.fix, /^Leave `entrypoint` out of the binding in wrangler\.jsonc/);
    });

    it("an entrypoint that is a Durable Object class: entrypoint-failed on the call, quoting workerd's log", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "SELF_API" }, (dir) => editConfig(dir, '"entrypoint": "Api"', '"entrypoint": "Ledger"'));
      assert.equal(report.verdict, "entrypoint-failed", explain(report));
      assert.match(report.sentence, /Ledger is a Durable Object class, not a WorkerEntrypoint: every call fails \("internal error; reference = \w+"; workerd logs "worker is not an actor but class name was requested; n = Ledger"\)/);
      assert.equal(report.ruleId, "service-entrypoint-missing");
    });

    it("the same failure on a binding not probed: the Durable Object verdict stays ok, a note names it", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), {}, (dir) => editConfig(dir, '"entrypoint": "Api"', '"entrypoint": "Ledger"'));
      assert.equal(report.verdict, "ok", explain(report));
      assert.ok(report.notes.some((n) => /^Service binding SELF_API \(entrypoint Ledger\) fails when called: internal error.*probe it with --binding SELF_API\.$/.test(n)), report.notes.join("\n"));
    });

    it("a service binding to a worker not in this session: service-not-running, quoting the runtime", async () => {
      const report = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "BILLING" }, (dir) =>
        editConfig(dir, '"services": [', '"services": [{ "binding": "BILLING", "service": "probe-billing", "entrypoint": "Billing" }, '),
      );
      assert.equal(report.verdict, "service-not-running", explain(report));
      assert.match(report.sentence, /^env\.BILLING is a service binding to worker "probe-billing", which does not run in this wrangler dev session.*"Worker \\?"probe-billing\\?" not found\. Make sure it is running locally\."/);
    });

    it("a sibling worker in the same session (-- -c its config): its entrypoint answers; one it lacks: entrypoint-missing naming that worker", async () => {
      const sibling = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-sibling-"));
      try {
        fs.writeFileSync(path.join(sibling, "wrangler.jsonc"), '{ "name": "probe-billing", "main": "index.js", "compatibility_date": "2025-04-01" }\n');
        fs.writeFileSync(path.join(sibling, "index.js"), 'import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Billing extends WorkerEntrypoint { total() { return 1; } }\nexport default { fetch() { return new Response("billing"); } };\n');
        const extraWranglerArgs = ["-c", path.join(sibling, "wrangler.jsonc")];
        const bind = (entrypoint: string) => (dir: string) =>
          editConfig(dir, '"services": [', `"services": [{ "binding": "BILLING", "service": "probe-billing", "entrypoint": "${entrypoint}" }, `);
        const ok = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "BILLING", extraWranglerArgs }, bind("Billing"));
        assert.equal(ok.verdict, "ok", explain(ok));
        assert.match(ok.sentence, /^BILLING is bound in the top level to a live service binding \(Fetcher\) of worker "probe-billing", entrypoint Billing, which answers over RPC/);
        const missing = await probeCopy(toolchain, path.join(PROJECTS, "workflow-service"), { binding: "BILLING", extraWranglerArgs }, bind("Invoices"));
        assert.equal(missing.verdict, "entrypoint-missing", explain(missing));
        assert.match(missing.sentence, /asks worker "probe-billing" for the entrypoint "Invoices", but worker "probe-billing"'s entry has no export of that name/);
      } finally {
        fs.rmSync(sibling, { recursive: true, force: true });
      }
    });

    it("examples/jobs-worker's container class: containers off by default, the Container instance answers", async function () {
      const example = path.join(EXAMPLES, "jobs-worker");
      const modules = path.join(example, "node_modules");
      if (!fs.existsSync(path.join(modules, "@cloudflare", "containers", "package.json"))) throw new Error("examples/jobs-worker has no node_modules: run `npm ci` there (scripts/test.mjs does it)");
      const report = await probeCopy({ ...toolchain, modules }, example, { binding: "THUMBNAILER" }, (dir) => {
        // The example's Workflow class is not exported on purpose; export it so wrangler starts.
        fs.appendFileSync(path.join(dir, "src", "index.ts"), '\nexport { ReportWorkflow } from "./workflows/report";\n');
      });
      assert.equal(report.verdict, "ok", explain(report));
      assert.match(report.sentence, /live Durable Object namespace of the container class Thumbnailer, and its instance started and, with containers off in this run, refused to start its container/);
      assert.ok(report.notes.some((n) => /^wrangler dev ran with --enable-containers=false/.test(n)), report.notes.join("\n"));
      assert.equal(bindingReport(report, "THUMBNAILER").container, true);
      assert.equal(bindingReport(report, "THUMBNAILER").stubAnswer, undefined, "no fetch() sent to a container class");
      assert.ok(!report.log.some((line) => /Docker CLI could not be launched/.test(line)));
    });
  });
}
