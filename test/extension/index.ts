// The extension-host entry: VS Code (desktop through @vscode/test-electron, or code-server through the
// smoke-test driver) loads this file as extensionTestsPath and calls `run()`; it settles when mocha is
// done (rejected on any failure). What runs depends on the window: the multi-root test workspace gets
// every suite; the plain folder (no wrangler config) only the "does not activate" one; an untrusted
// folder only the restricted-mode one.
import * as path from "node:path";
import { format } from "node:util";
import Mocha from "mocha";
import * as vscode from "vscode";

const WORKSPACE_SUITES = ["activation", "diagnostics", "editing", "quickFixes", "fixAll", "language", "view", "probe", "wranglerSchema"];
const PLAIN_SUITES = ["noActivation"];
const UNTRUSTED_SUITES = ["untrusted"];

/** What the launchers print of the console: lines with this prefix (the workbench logs there too). */
export const OUTPUT_PREFIX = "[do-doctor-tests] ";

/** Prints one line for the launchers. */
function say(...args: unknown[]): void {
  console.log(OUTPUT_PREFIX + format(...args));
}

export async function run(): Promise<void> {
  // Mocha's reporters print through Base.consoleLog (console.log as mocha saw it when loaded): format
  // each call here, so the launchers get plain text they can tell from the workbench's own log (code-server
  // forwards console arguments as a JSON array, in one log with everything else).
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = say;
  try {
    await runMocha();
  } finally {
    base.consoleLog = original;
  }
}

async function runMocha(): Promise<void> {
  const untrusted = !vscode.workspace.isTrusted;
  const plain = !untrusted && !vscode.workspace.workspaceFile;
  const grep = process.env.DO_DOCTOR_EXT_GREP;
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 30_000, reporter: "spec", forbidOnly: true, ...(grep ? { grep } : {}) });
  for (const suite of untrusted ? UNTRUSTED_SUITES : plain ? PLAIN_SUITES : WORKSPACE_SUITES) mocha.addFile(path.join(__dirname, "suites", `${suite}.js`));
  const where = untrusted ? "an untrusted folder (restricted mode)" : plain ? "a folder without wrangler config" : "the test workspace";
  say(`do-doctor extension-host suites in ${where} (VS Code ${vscode.version})`);
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        // The plain closing line the launchers count (console output reaches them, process.stdout may not).
        say(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
        if (failures > 0) reject(new Error(`${failures} extension-host test${failures === 1 ? "" : "s"} failed`));
        else resolve();
      });
    } catch (error) {
      say(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
