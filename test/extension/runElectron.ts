// Runs the same extension-host suites in desktop VS Code, downloaded by @vscode/test-electron (needs
// internet access to update.code.visualstudio.com; not possible on the machines this repo's CI uses,
// where runCodeServer.ts runs them instead).
//
//   npm run build && npx tsc -p . && node out/test/extension/runElectron.js
//
// Env: DO_DOCTOR_VSCODE_VERSION (default "stable"), DO_DOCTOR_EXT_GREP (mocha grep).
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXTENSION_DIR, prepareWorkspaces, TESTS_INDEX } from "./workspace";

async function main(): Promise<number> {
  if (!fs.existsSync(TESTS_INDEX)) throw new Error(`${TESTS_INDEX} is missing: run npx tsc -p . first`);
  const version = process.env.DO_DOCTOR_VSCODE_VERSION ?? "stable";
  let vscodeExecutablePath: string;
  try {
    // Into .vscode-test/ (the cache code-server uses too), once.
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(EXTENSION_DIR, ".vscode-test") });
  } catch (error) {
    throw new Error(`could not download VS Code ${version} (${error instanceof Error ? error.message : String(error)}); without internet access run out/test/extension/runCodeServer.js instead`);
  }
  const workspaces = prepareWorkspaces();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-vscode-user-"));
  const common = {
    vscodeExecutablePath,
    extensionDevelopmentPath: EXTENSION_DIR,
    extensionTestsPath: TESTS_INDEX,
    extensionTestsEnv: process.env.DO_DOCTOR_EXT_GREP ? { DO_DOCTOR_EXT_GREP: process.env.DO_DOCTOR_EXT_GREP } : undefined,
  };
  const flags = ["--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", `--user-data-dir=${userDataDir}`];
  let failed = 0;
  try {
    for (const [label, target] of [
      ["test workspace", workspaces.workspaceFile],
      ["folder without wrangler config", workspaces.plainFolder],
    ] as const) {
      console.log(`\n== ${label}: ${target}`);
      try {
        // --disable-extensions keeps other installed extensions out; the one under development still loads.
        const code = await runTests({ ...common, launchArgs: [target, ...flags] });
        if (code !== 0) failed++;
      } catch (error) {
        console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        failed++;
      }
    }
  } finally {
    workspaces.cleanup();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`extension-host suites (desktop VS Code): ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
