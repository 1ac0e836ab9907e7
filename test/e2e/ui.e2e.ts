// UI end-to-end, as a person would use the extension: the packaged .vsix installed into code-server
// (a real VS Code, without the smoke-test driver, so notifications show), the bug report's example
// opened, the workbench driven in headless Chromium with playwright-core. Screenshots of every step go
// to test-results/e2e/ (git-ignored).
//
//   npm run package && npx tsc -p . && npx mocha out/test/e2e/ui.e2e.js
//
// Env: DO_DOCTOR_VSIX (default vsix/durable-object-doctor.vsix).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, CodeServer, removeOnExit, stopServersOnExit } from "../support/codeServer";
import { EXAMPLES, REPO_ROOT } from "../support/fixtures";

const VSIX = process.env.DO_DOCTOR_VSIX ?? path.join(REPO_ROOT, "vsix", "durable-object-doctor.vsix");
const RESULTS = path.join(REPO_ROOT, "test-results", "e2e");

describe("UI end-to-end: the packaged extension in code-server", function () {
  this.timeout(60_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workspace: string;
  let project: string;
  let step = 0;

  const shot = async (name: string) => {
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, `${String(++step).padStart(2, "0")}-${name}.png`) });
  };
  /** The text a person reads in the element (the workbench uses non-breaking spaces in editors). */
  const textOf = async (locator: Locator) => ((await locator.innerText()) ?? "").replace(/\u00a0/g, " ");
  const runCommand = async (title: string) => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
    await page.keyboard.press("Enter");
  };
  const openFile = async (relative: string) => {
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(relative);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(relative) }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: path.basename(relative) }).waitFor();
    await page.locator(".monaco-editor .view-lines").first().waitFor();
  };
  const problemsPanel = () => page.locator(".markers-panel");
  const showProblems = async () => {
    if (!(await problemsPanel().isVisible())) await runCommand("View: Focus Problems");
    await problemsPanel().waitFor({ state: "visible" });
  };

  before(async function () {
    this.timeout(180_000);
    stopServersOnExit();
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    fs.rmSync(RESULTS, { recursive: true, force: true });
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-e2e-")));
    removeOnExit(workspace);
    project = path.join(workspace, "coder-agent");
    fs.cpSync(path.join(EXAMPLES, "coder-agent"), project, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });
    // The probe runs the project's own wrangler: the example's installed node_modules, linked in.
    const modules = path.join(EXAMPLES, "coder-agent", "node_modules");
    if (fs.existsSync(modules)) fs.symlinkSync(modules, path.join(project, "node_modules"), "dir");
    server = await CodeServer.start({
      installVsix: VSIX,
      settings: {
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "files.exclude": { "**/node_modules": true },
        "editor.minimap.enabled": false,
        "doDoctor.probe.timeoutSeconds": 60,
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(project)}`, { waitUntil: "domcontentloaded", timeout: 60_000 });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page) await shot(`failed-${(this.currentTest.title.match(/\w+/g) ?? ["step"]).slice(0, 4).join("-")}`).catch(() => undefined);
  });

  it("activates from the installed .vsix: the status bar counts the four problems", async () => {
    const status = page.locator(".statusbar-item", { hasText: /DO 4/ });
    await status.waitFor({ timeout: 45_000 });
    assert.match(await textOf(status), /DO 4/);
    await shot("activated");
  });

  it("shows the bindings in the Durable Objects view", async () => {
    const header = page.locator(".pane-header", { hasText: "Durable Objects" });
    await header.waitFor();
    if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
    const view = page.locator(".pane", { has: header });
    for (const label of ["coder-agent", "top level", "CoderAgent", "env.staging"]) {
      await view.locator(".monaco-list-row", { hasText: label }).first().waitFor({ timeout: 15_000 });
    }
    const rows = await textOf(view.locator(".monaco-list-rows"));
    assert.match(rows, /coder-agent/);
    assert.match(rows, /top level\s*1 binding/);
    assert.match(rows, /CoderAgent\s*CoderAgent/);
    assert.match(rows, /env\.staging\s*no Durable Object bindings/);
    await shot("durable-objects-view");
  });

  it("lists the findings with their texts in the Problems panel", async () => {
    await openFile("wrangler.jsonc");
    await showProblems();
    const expected = [
      /not exported from the entry src\/server\.ts/,
      /env\.staging has no `durable_objects`/,
      /useAgent\(\{ agent: "coder" \}\) connects to namespace "coder"/,
      /This Durable Object class is bound as "CoderAgent"/,
    ];
    for (const text of expected) await problemsPanel().locator(".monaco-list-row", { hasText: text }).first().waitFor({ timeout: 20_000 });
    const panel = await textOf(problemsPanel());
    for (const file of ["wrangler.jsonc", "coder-agent.ts", "app.tsx"]) assert.ok(panel.includes(file), `${file} in the Problems panel`);
    assert.match(panel, /class-not-exported/);
    assert.match(panel, /env-missing-bindings/);
    assert.match(panel, /agent-route-mismatch/);
    // The editor underlines the binding.
    await page.locator(".monaco-editor .squiggly-error").first().waitFor();
    await shot("problems-panel");
  });

  it("applies a quick fix from the light bulb menu (Ctrl+.), and the file changes", async () => {
    await openFile("src/client/app.tsx");
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").fill(":7:14");
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 15_000 });
    // The light bulb menu lists every provider's actions (TypeScript's too, once its server is up): a
    // person presses Ctrl+. again when the menu does not come; so does this test.
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: 'Change to "coder-agent"' });
    const menuDeadline = Date.now() + 30_000;
    for (;;) {
      await page.keyboard.press("Control+.");
      if (await fix.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      if (Date.now() > menuDeadline) throw new Error("the quick fix menu did not list Change to \"coder-agent\" within 30 s");
      await page.keyboard.press("Escape");
    }
    await shot("quick-fix-menu");
    await fix.click();
    await page.locator(".monaco-editor .view-lines", { hasText: 'agent: "coder-agent"' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press("Control+S");
    const onDisk = path.join(project, "src", "client", "app.tsx");
    const deadline = Date.now() + 10_000;
    while (!fs.readFileSync(onDisk, "utf8").includes('agent: "coder-agent"') && Date.now() < deadline) await page.waitForTimeout(200);
    assert.match(fs.readFileSync(onDisk, "utf8"), /agent: "coder-agent",/);
    await showProblems();
    await page.locator(".statusbar-item", { hasText: /DO 3/ }).waitFor({ timeout: 15_000 });
    assert.doesNotMatch(await textOf(problemsPanel()), /connects to namespace "coder"/);
    await shot("quick-fix-applied");
  });

  it('runs "Probe Agent Binding" from the palette: progress, then the verdict notification', async function () {
    this.timeout(120_000);
    await runCommand("Durable Object Doctor: Probe Agent Binding");
    const progress = page.locator(".notification-toast", { hasText: "Probing CoderAgent" });
    await progress.waitFor({ timeout: 15_000 });
    await shot("probe-progress");
    // wrangler dev refuses the example (the class is not exported): an error notification with the fix.
    const verdict = page.locator(".notification-toast", { hasText: "CoderAgent: Durable Object class CoderAgent is not exported" });
    await verdict.waitFor({ timeout: 90_000 });
    const text = await textOf(verdict);
    assert.match(text, /wrangler dev never starts serving/);
    assert.match(text, /export \{ CoderAgent \} from "\.\/coder-agent";/);
    for (const button of ["Apply Fix", "Open Config", "Show Report"]) assert.ok(await verdict.locator(".monaco-button", { hasText: button }).count(), `button ${button}`);
    await shot("probe-verdict");
    // The report in its output channel.
    await verdict.locator(".monaco-button", { hasText: "Show Report" }).click();
    const output = page.locator(".part.panel .monaco-editor .view-lines", { hasText: "Verdict: class-not-exported" });
    await output.waitFor({ timeout: 15_000 });
    const report = await textOf(output);
    assert.match(report, /Verdict: class-not-exported/);
    assert.match(report, /not exported in your entrypoint/);
    await shot("probe-report");
    // Nothing of wrangler's is left in the project.
    const deadline = Date.now() + 10_000;
    while (fs.existsSync(path.join(project, ".wrangler")) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(!fs.existsSync(path.join(project, ".wrangler")), "the probe removed the .wrangler folder it created");
  });

  it('"Apply Fix" on the probe\'s verdict applies the static rule\'s quick fix', async function () {
    this.timeout(120_000);
    await runCommand("Durable Object Doctor: Probe Agent Binding");
    const verdict = page.locator(".notification-toast", { hasText: "CoderAgent: Durable Object class CoderAgent is not exported" });
    await verdict.waitFor({ timeout: 90_000 });
    await verdict.locator(".monaco-button", { hasText: "Apply Fix" }).click();
    const outcome = page.locator(".notification-toast", { hasText: /Applied: Export CoderAgent|No quick fix for class-not-exported/ });
    await outcome.waitFor({ timeout: 15_000 });
    await shot("probe-apply-fix");
    assert.match(await textOf(outcome), /Applied: Export CoderAgent from src\/server\.ts/);
  });
});
