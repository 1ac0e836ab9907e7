// Runs the extension-host suites in code-server (VS Code 1.139 in headless Chromium), for machines
// where desktop VS Code cannot be downloaded. The workbench's smoke-test driver loads the extension
// from this repository (extensionDevelopmentPath) and the suites (extensionTestsPath), forwards the
// extension host's console to `codeAutomationLog` and its exit code to `codeAutomationExit`.
//
//   npm run build && npx tsc -p . && node out/test/extension/runCodeServer.js
//
// Three windows: the test workspace (every suite), a folder without wrangler config (activation), and
// a copy of the example in a second code-server with workspace trust on (restricted mode).
// Env: DO_DOCTOR_EXT_GREP (mocha grep), DO_DOCTOR_EXT_TIMEOUT_S (per window, default 300),
// DO_DOCTOR_EXT_VERBOSE=1 (workbench and code-server logs too).
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, CodeServer, remoteUri, removeOnExit, stopServersOnExit } from "../support/codeServer";
import { REPO_ROOT } from "../support/fixtures";
import { EXTENSION_DIR, prepareWorkspaces, TESTS_INDEX } from "./workspace";

const RESULTS = path.join(REPO_ROOT, "test-results", "extension-host");
/** The test workspace, the folder without a config, the untrusted folder. */
const WINDOWS = 3;
const TIMEOUT_MS = Number(process.env.DO_DOCTOR_EXT_TIMEOUT_S ?? 300) * 1000;
const VERBOSE = process.env.DO_DOCTOR_EXT_VERBOSE === "1";

interface WindowResult {
  label: string;
  exitCode: number;
  passed: number;
  failed: number;
  seconds: number;
}

/** The test index prefixes its console output with this (see index.ts); the rest is the workbench's log. */
const OUTPUT_PREFIX = "[do-doctor-tests] ";

/** The workbench forwards console arguments as an array (or a JSON array): the test index sends one formatted string. */
function messageText(message: unknown): string {
  if (Array.isArray(message)) return message.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  if (typeof message !== "string") return JSON.stringify(message);
  try {
    const parsed = JSON.parse(message) as unknown;
    if (Array.isArray(parsed)) return parsed.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  } catch {
    // not JSON: plain text
  }
  return message;
}

async function runWindow(server: CodeServer, browser: Browser, label: string, open: { folder?: string; workspace?: string }): Promise<WindowResult> {
  const started = Date.now();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let passed = 0;
  let failed = 0;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction("codeAutomationLog", (level: string, message: unknown) => {
    const text = messageText(message);
    const ours = text.startsWith(OUTPUT_PREFIX);
    if (ours) {
      const counted = /^\s*(\d+) passed, (\d+) failed/m.exec(text.slice(OUTPUT_PREFIX.length));
      if (counted) {
        passed += Number(counted[1]);
        failed += Number(counted[2]);
      }
      console.log(text.slice(OUTPUT_PREFIX.length).replace(/\n$/, ""));
    } else if (VERBOSE) console.log(`[workbench ${level}] ${text}`);
  });
  await page.exposeFunction("codeAutomationExit", (code: number) => resolveExit(code));
  page.on("pageerror", (error) => VERBOSE && console.log(`[page error] ${error.message}`));

  const payload = [
    ["extensionDevelopmentPath", remoteUri(server.port, EXTENSION_DIR)],
    ["extensionTestsPath", remoteUri(server.port, TESTS_INDEX)],
    ["skipWelcome", "true"],
  ];
  const query = open.workspace ? `workspace=${encodeURIComponent(open.workspace)}` : `folder=${encodeURIComponent(open.folder!)}`;
  const url = `${server.url}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`\n== ${label}: ${open.workspace ?? open.folder}`);
  let timer: NodeJS.Timeout | undefined;
  let exitCode: number;
  try {
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
    exitCode = await Promise.race([
      exited,
      new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          console.error(`\n${label}: no exit from the extension host within ${TIMEOUT_MS / 1000} s`);
          resolve(124);
        }, TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    console.error(`\n${label}: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (exitCode !== 0) {
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${label.replace(/\W+/g, "-")}-failure.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    console.error(`screenshot: ${path.relative(REPO_ROOT, file)}`);
    if (exitCode !== 0 && passed + failed === 0) failed = 1;
  }
  await context.close().catch(() => undefined);
  return { label, exitCode, passed, failed, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

export async function runExtensionHostSuites(): Promise<number> {
  stopServersOnExit();
  if (!fs.existsSync(TESTS_INDEX)) throw new Error(`${TESTS_INDEX} is missing: run npx tsc -p . first`);
  if (!fs.existsSync(path.join(EXTENSION_DIR, "dist", "extension.js"))) throw new Error("dist/extension.js is missing: run npm run build first");
  const workspaces = prepareWorkspaces();
  const cleanup = removeOnExit(workspaces.dir);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const results: WindowResult[] = [];
  const started = Date.now();
  try {
    server = await CodeServer.start({ smokeTestDriver: true, echo: VERBOSE ? "[code-server] " : undefined });
    console.log(`code-server on ${server.url} (smoke-test driver), ${Math.round((Date.now() - started) / 100) / 10} s`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    results.push(await runWindow(server, browser, "test workspace", { workspace: workspaces.workspaceFile }));
    results.push(await runWindow(server, browser, "folder without wrangler config", { folder: workspaces.plainFolder }));
    // Workspace trust on, no prompt: a folder never trusted opens in restricted mode.
    await server.stop();
    server = await CodeServer.start({
      smokeTestDriver: true,
      disableWorkspaceTrust: false,
      settings: { "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never" },
      echo: VERBOSE ? "[code-server untrusted] " : undefined,
    });
    results.push(await runWindow(server, browser, "untrusted folder", { folder: workspaces.untrustedFolder }));
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    cleanup();
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0) + (results.length < WINDOWS ? 1 : 0);
  console.log(`\nextension-host suites in code-server: ${results.map((r) => `${r.label} ${r.seconds} s (exit ${r.exitCode})`).join(", ")}; total ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return results.length === WINDOWS && results.every((r) => r.exitCode === 0) && failed === 0 ? 0 : 1;
}

if (require.main === module) {
  runExtensionHostSuites().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`extension-host suites: ${error instanceof Error ? error.message : String(error)}`);
      console.log("0 passed, 1 failed");
      process.exit(1);
    },
  );
}
