import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLES } from "../support/fixtures";
import { LspClient, uri } from "./lspClient";

/**
 * env-missing-bindings asks the project whether an environment runs: a README, a script or a GitHub
 * workflow in the worker's folder or above it. Editing one of those above the worker's folder (a
 * monorepo's root README, its .github/workflows) must re-check the worker, not wait for a full
 * re-check.
 */
describe("language server: READMEs, scripts and workflows above a worker say which environments run", function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  let config: string;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-evidence-"));
    const worker = path.join(root, "apps", "coder");
    fs.cpSync(path.join(EXAMPLES, "coder-agent"), worker, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });
    // Nothing in the worker's own folder says how env.staging is deployed.
    fs.rmSync(path.join(worker, "README.md"));
    config = path.join(worker, "wrangler.jsonc");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace(/^\s*\/\/ deployed with `wrangler deploy --env staging`\n/m, ""));
    fs.writeFileSync(path.join(root, "README.md"), "# Monorepo\n\nRun `npm run dev` in apps/coder.\n");
    fs.mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
    fs.writeFileSync(path.join(root, ".github", "workflows", "deploy.yml"), "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx wrangler deploy\n");
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    assert.equal(await client.stop(), 0, `server exit code; stderr: ${client.stderr}`);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const severity = () => client.diagnostics.get(uri(config))?.find((d) => d.code === "env-missing-bindings")?.severity;

  it("turns the warning into an error when the root README, then a workflow, says --env staging (changed, not created)", async () => {
    await client.waitFor(() => severity() === 2, "a warning while nothing says staging runs");
    const readme = path.join(root, "README.md");
    fs.writeFileSync(readme, "# Monorepo\n\nDeploy staging with `npx wrangler deploy --env staging` in apps/coder.\n");
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(readme), type: 2 }] });
    await client.waitFor(() => severity() === 1, "an error once the root README deploys staging");
    fs.writeFileSync(readme, "# Monorepo\n");
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(readme), type: 2 }] });
    await client.waitFor(() => severity() === 2, "a warning again once the README says nothing");
    const workflow = path.join(root, ".github", "workflows", "deploy.yml");
    fs.writeFileSync(workflow, fs.readFileSync(workflow, "utf8").replace("npx wrangler deploy", "npx wrangler deploy --env staging"));
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(workflow), type: 2 }] });
    await client.waitFor(() => severity() === 1, "an error once the workflow deploys staging");
  });
});
