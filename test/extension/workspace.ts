// The temporary workspaces the extension-host suites open. Plain Node (no `vscode`): the launchers
// prepare them before VS Code starts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLES, FIXTURES, REPO_ROOT } from "../support/fixtures";

/**
 * Copies of the example for the suites that edit files (each gets its own, so no suite sees another's
 * edits); every fixture as its own workspace folder (each analysed alone, as `do-doctor check` does).
 */
export const EXAMPLE_COPIES = ["coder-agent", "coder-agent-quickfix", "coder-agent-fixall", "coder-agent-edit"] as const;

export interface TestWorkspaces {
  /** The temporary folder holding everything (removed by `cleanup`). */
  dir: string;
  /** A multi-root .code-workspace: the example copies and every fixture. */
  workspaceFile: string;
  /** A folder with TypeScript and JSON but no wrangler config: the extension must not activate. */
  plainFolder: string;
  /** A copy of the example opened untrusted (restricted mode): static checks only, no probe. */
  untrustedFolder: string;
  cleanup(): void;
}

const copy = (from: string, to: string) => fs.cpSync(from, to, { recursive: true, filter: (source) => !/[\\/](node_modules|\.wrangler)$/.test(source) });

export function prepareWorkspaces(): TestWorkspaces {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-ext-")));
  const folders: { path: string; name?: string }[] = [];
  for (const name of EXAMPLE_COPIES) {
    copy(path.join(EXAMPLES, "coder-agent"), path.join(dir, name));
    folders.push({ path: name });
  }
  for (const entry of fs.readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!entry.isDirectory() || !fs.existsSync(path.join(FIXTURES, entry.name, "expected.json"))) continue;
    copy(path.join(FIXTURES, entry.name), path.join(dir, "fixtures", entry.name));
    folders.push({ path: `fixtures/${entry.name}` });
  }
  // wrangler's schema without "$schema": the example's installed wrangler, linked like `npm start` does.
  const schemaDir = path.join(dir, "wrangler-schema");
  fs.mkdirSync(path.join(schemaDir, "src"), { recursive: true });
  fs.mkdirSync(path.join(schemaDir, "node_modules"), { recursive: true });
  fs.writeFileSync(path.join(schemaDir, "wrangler.jsonc"), WRANGLER_WITHOUT_SCHEMA);
  fs.writeFileSync(path.join(schemaDir, "src", "index.ts"), "export default { fetch: () => new Response(\"ok\") };\n");
  const wrangler = path.join(EXAMPLES, "coder-agent", "node_modules", "wrangler");
  if (fs.existsSync(wrangler)) fs.symlinkSync(wrangler, path.join(schemaDir, "node_modules", "wrangler"), "dir");
  // A config with its own "$schema": that one wins.
  fs.mkdirSync(path.join(schemaDir, "own", "src"), { recursive: true });
  fs.writeFileSync(path.join(schemaDir, "own", "wrangler.jsonc"), WRANGLER_WITH_OWN_SCHEMA);
  fs.writeFileSync(path.join(schemaDir, "own", "own-schema.json"), JSON.stringify({ type: "object", properties: { only_in_own_schema: { type: "string", description: "From the config's own schema." } } }, null, 2));
  fs.writeFileSync(path.join(schemaDir, "own", "src", "index.ts"), "export default { fetch: () => new Response(\"ok\") };\n");
  folders.push({ path: "wrangler-schema" });

  const workspaceFile = path.join(dir, "suites.code-workspace");
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders, settings: { "doDoctor.debounceMs": 50, "files.autoSave": "off", "typescript.disableAutomaticTypeAcquisition": true } }, null, 2));

  const plainFolder = path.join(dir, "plain");
  fs.mkdirSync(path.join(plainFolder, "src"), { recursive: true });
  fs.writeFileSync(path.join(plainFolder, "package.json"), JSON.stringify({ name: "plain", private: true, dependencies: { agents: "0.0.0" } }, null, 2));
  fs.writeFileSync(path.join(plainFolder, "src", "index.ts"), 'export const env = { CoderAgent: undefined };\n');
  fs.writeFileSync(path.join(plainFolder, "tsconfig.json"), "{}\n");

  const untrustedFolder = path.join(dir, "untrusted");
  copy(path.join(EXAMPLES, "coder-agent"), untrustedFolder);

  return { dir, workspaceFile, plainFolder, untrustedFolder, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Line 3 is left empty for completion; line 4 holds the key hovered. */
export const WRANGLER_WITHOUT_SCHEMA = `{
  "name": "schema-demo",
  
  "compatibility_date": "2025-01-01",
  "main": "src/index.ts"
}
`;

export const WRANGLER_WITH_OWN_SCHEMA = `{
  "$schema": "./own-schema.json",
  
  "name": "own-schema",
  "main": "src/index.ts"
}
`;

/** The compiled suites' entry (what VS Code's extensionTestsPath points at). */
export const TESTS_INDEX = path.join(REPO_ROOT, "out", "test", "extension", "index.js");
export const EXTENSION_DIR = REPO_ROOT;
