import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/fixtures";
import { probeProcesses, probeTempFolders } from "../../probe/probeLeftovers";
import { api, waitFor } from "../helpers";

const PROJECTS = path.join(REPO_ROOT, "test", "probe-projects");

describe("Probe Agent Binding (through the API, against the real wrangler dev)", function () {
  this.timeout(120_000);

  it('gives the verdict "ok" on the healthy project, and leaves nothing running', async function () {
    if (!fs.existsSync(path.join(PROJECTS, "node_modules", "wrangler", "package.json"))) {
      throw new Error(`wrangler is not installed in ${PROJECTS}: run npm ci there (scripts/test-vscode.mjs does)`);
    }
    const doctor = await api();
    const tempBefore = probeTempFolders();
    const configFile = path.join(PROJECTS, "healthy", "wrangler.jsonc");
    const report = await doctor.probe({ configFile, binding: "CoderAgent" });
    assert.ok(report, "a report");
    assert.equal(report.verdict, "ok", `${report.sentence}\n${report.evidence.join("\n")}\n${report.log.slice(-20).join("\n")}`);
    assert.equal(report.websocket?.status, 101);
    await waitFor("the probe's processes to be gone", () => probeProcesses().length === 0, 10_000, () => JSON.stringify(probeProcesses()));
    assert.deepEqual(probeTempFolders().filter((f) => !tempBefore.includes(f)), []);
    assert.ok(!fs.existsSync(path.join(PROJECTS, "healthy", ".wrangler")), "no .wrangler left in the project");
  });
});
