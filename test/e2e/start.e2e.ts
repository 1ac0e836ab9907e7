// `npm start` as a new user meets it: scripts/start.mjs itself (the real launcher, with its own
// profile and playground in a temporary folder), its printed URL opened in headless Chromium. The
// window must show wrangler's config and the Problems panel (not the welcome page or a chat panel), be
// trusted (no Restricted Mode), and run "Probe Agent Binding" at once. Screenshots go to test-results/e2e/.
//
//   npm run package && npx tsc -p . && npx mocha out/test/e2e/start.e2e.js
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, freePort, removeOnExit } from "../support/codeServer";
import { REPO_ROOT } from "../support/fixtures";

const VSIX = process.env.DO_DOCTOR_VSIX ?? path.join(REPO_ROOT, "vsix", "durable-object-doctor.vsix");
const RESULTS = path.join(REPO_ROOT, "test-results", "e2e");

describe("npm start: the first run a new user sees", function () {
  this.timeout(60_000);
  let start: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let stateDir: string;
  let output = "";

  const shot = async (name: string) => {
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, `start-${name}.png`) });
  };

  before(async function () {
    this.timeout(240_000);
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    stateDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-start-")));
    removeOnExit(stateDir);
    const port = await freePort();
    start = spawn(process.execPath, [path.join(REPO_ROOT, "scripts", "start.mjs")], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), DO_DOCTOR_START_DIR: stateDir, DO_DOCTOR_VSIX: VSIX },
      stdio: ["ignore", "pipe", "pipe"],
    });
    start.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 200 s:\n${output}`)), 200_000);
      const poll = setInterval(() => {
        const found = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output)?.[1];
        if (found) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(found);
        }
      }, 200);
      start!.once("exit", (code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
    assert.match(output, /the playground is trusted/);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    if (start && start.exitCode === null) {
      const exited = new Promise((resolve) => start!.once("exit", resolve));
      start.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    }
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && page) await shot("failed").catch(() => undefined);
  });

  it("opens on wrangler.jsonc and the Problems panel with the findings, no welcome page, no chat", async function () {
    // Activation takes 5-40 s (40 on a machine with a load of 20 on 2 cores).
    this.timeout(150_000);
    await page.locator(".tab.active", { hasText: "wrangler.jsonc" }).waitFor({ timeout: 60_000 });
    const problems = page.locator(".markers-panel");
    await problems.waitFor({ state: "visible", timeout: 90_000 });
    await problems.locator(".monaco-list-row", { hasText: /not exported from the entry/ }).first().waitFor({ timeout: 45_000 });
    assert.equal(await page.locator(".tab", { hasText: /^Welcome$|Walkthrough/ }).count(), 0, "a welcome tab is open");
    // wrangler's schema is served by the extension: VS Code's JSON support loaded it (no load error).
    assert.doesNotMatch(((await problems.innerText()) ?? "").replace(/\u00a0/g, " "), /Unable to load schema|Problems loading reference/);
    assert.equal(await page.locator(".part.auxiliarybar").isVisible(), false, "the secondary side bar (chat) is showing");
    await shot("first-view");
  });

  it("is trusted: no Restricted Mode, and Probe Agent Binding runs to its verdict", async function () {
    this.timeout(200_000);
    assert.equal(await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).count(), 0, "the window is in Restricted Mode");
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(">Durable Object Doctor: Probe Agent Binding");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Probe Agent Binding" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".notification-toast", { hasText: "Probing CoderAgent" }).waitFor({ timeout: 60_000 });
    const verdict = page.locator(".notification-toast", { hasText: "CoderAgent: Durable Object class CoderAgent is not exported" });
    await verdict.waitFor({ timeout: 120_000 });
    await shot("probe-verdict");
  });

  it("offers the Get Started walkthrough: check, fix, probe", async function () {
    this.timeout(60_000);
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(">Welcome: Open Walkthrough");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Open Walkthrough" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Durable Object Doctor" }).first().waitFor({ timeout: 15_000 });
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Durable Object Doctor" }).first().click();
    const steps = page.locator(".gettingStartedContainer");
    for (const title of ["Check your wrangler config", "Fix with a quick fix", "Probe an agent binding"]) await steps.locator(".getting-started-step", { hasText: title }).first().waitFor({ timeout: 20_000 });
    await shot("walkthrough");
  });

  it("wrote its settings into its own profile only", () => {
    const settings = JSON.parse(fs.readFileSync(path.join(stateDir, "start", "user-data", "User", "settings.json"), "utf8")) as Record<string, unknown>;
    assert.equal(settings["workbench.startupEditor"], "none");
    assert.equal(settings["chat.disableAIFeatures"], true);
    assert.ok(!fs.existsSync(path.join(stateDir, "playground", "coder-agent", ".vscode", "settings.json")), "settings written into the project");
  });
});
