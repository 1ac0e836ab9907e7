// Which binding the probe proves, and what the wrapper entry inspects, read from real config files on
// disk (no wrangler started): Workflow and service bindings count when no Durable Object is bound.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspectedBindings } from "../../server/src/probe/runProbe";
import { readTarget } from "../../server/src/probe/target";
import { REPO_ROOT } from "../support/fixtures";

function project(config: string, source = "export default { fetch() { return new Response('x'); } };\n"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-target-"));
  fs.mkdirSync(path.join(dir, "src"));
  fs.writeFileSync(path.join(dir, "src", "index.ts"), source);
  fs.writeFileSync(path.join(dir, config.trimStart().startsWith("{") ? "wrangler.jsonc" : "wrangler.toml"), config);
  return dir;
}

describe("probe target: Workflow and service bindings", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const make = (config: string) => {
    const dir = project(config);
    dirs.push(dir);
    return path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith("wrangler."))!);
  };

  it("workflow-service: the Durable Object by default; every binding inspected with its kind", () => {
    const target = readTarget(path.join(REPO_ROOT, "test", "probe-projects", "workflow-service", "wrangler.jsonc"), {});
    assert.deepEqual([target.binding, target.bindingKind, target.className], ["LEDGER", "durable-object", "Ledger"]);
    assert.equal(target.workerName, "probe-workflow-service");
    assert.deepEqual(
      inspectedBindings(target).map((b) => [b.name, b.kind ?? "durable-object", b.className ?? b.entrypoint]),
      [["REPORTS", "workflow", "ReportWorkflow"], ["SELF_API", "service", "Api"], ["LEDGER", "durable-object", "Ledger"]],
    );
  });

  it("--binding REPORTS: a Workflow, no route; under --env staging still a Workflow (the top level's), env run without it", () => {
    const config = path.join(REPO_ROOT, "test", "probe-projects", "workflow-service", "wrangler.jsonc");
    const top = readTarget(config, { binding: "REPORTS" });
    assert.deepEqual([top.bindingKind, top.className, top.routePath], ["workflow", "ReportWorkflow", undefined]);
    const staging = readTarget(config, { binding: "REPORTS", environment: "staging" });
    assert.deepEqual([staging.bindingKind, staging.workflows, staging.topLevelWorkflows, staging.workerName], ["workflow", [], ["REPORTS"], "probe-workflow-service-staging"]);
    assert.ok(inspectedBindings(staging).some((b) => b.name === "REPORTS" && b.kind === "workflow"), "the top level's Workflow is inspected, to show it absent");
  });

  it("no Durable Object: the first Workflow, else the first service binding with an entrypoint (TOML too)", () => {
    const workflowFirst = readTarget(make(`{ "name": "w", "main": "src/index.ts", "services": [{ "binding": "S", "service": "x" }], "workflows": [{ "binding": "WF", "name": "wf", "class_name": "Flow" }] }`), {});
    assert.deepEqual([workflowFirst.binding, workflowFirst.bindingKind], ["WF", "workflow"]);
    const toml = readTarget(make(`name = "w"\nmain = "src/index.ts"\n\n[[services]]\nbinding = "PLAIN"\nservice = "x"\n\n[[services]]\nbinding = "API"\nservice = "x"\nentrypoint = "Api"\n`), {});
    assert.deepEqual([toml.binding, toml.bindingKind, toml.services.map((x) => x.binding)], ["API", "service", ["PLAIN", "API"]]);
  });

  it("a container class's Durable Object binding is inspected as a container (never sent fetch())", () => {
    const target = readTarget(
      make(`{ "name": "c", "main": "src/index.ts", "containers": [{ "class_name": "Box", "image": "./Dockerfile" }], "durable_objects": { "bindings": [{ "name": "BOX", "class_name": "Box" }, { "name": "PLAIN", "class_name": "Plain" }] } }`),
      {},
    );
    assert.deepEqual(target.containerClasses, ["Box"]);
    assert.deepEqual(inspectedBindings(target).map((b) => [b.name, !!b.container]), [["BOX", true], ["PLAIN", false]]);
  });
});
