import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { CancellationTokenSource } from "vscode-jsonrpc/node";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { copyToTemp, EXAMPLES, REPO_ROOT } from "../support/fixtures";
import { LspClient, uri } from "./lspClient";

// The server answers while it re-checks (analysis in slices), gives up a re-check that a newer edit
// makes pointless, answers RequestCancelled to cancelled requests, and serves pull diagnostics.

const WORKSPACE_CAPABILITIES = { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true };

interface FullReport {
  kind: "full" | "unchanged";
  resultId?: string;
  items?: Diagnostic[];
}

/** A monorepo from bench/generate.mjs: `workers` workers of about 50 source files each. */
async function generated(workers: number): Promise<{ dir: string; configs: string[]; sources: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-nonblocking-"));
  const { generateMonorepo } = (await import(path.join(REPO_ROOT, "bench", "generate.mjs"))) as { generateMonorepo: (dir: string, options: { workers: number }) => unknown };
  generateMonorepo(dir, { workers });
  const configs: string[] = [];
  const sources: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^wrangler\.(jsonc|json|toml)$/.test(entry.name)) configs.push(full);
      else if (/\.tsx?$/.test(entry.name)) sources.push(full);
    }
  };
  walk(dir);
  configs.sort();
  sources.sort();
  return { dir, configs, sources };
}

const didAnalyze = (client: LspClient) => client.notifications.filter((n) => n.method === "doDoctor/didAnalyze").map((n) => n.params as { analyses: number; abandoned: number });

describe("language server: never blocked by a re-check", function () {
  this.timeout(120_000);

  it("answers hover and completion in other files while a config edit's re-check of 1,000 files runs", async () => {
    const { dir, configs, sources } = await generated(20);
    const client = new LspClient();
    client.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 0 })));
    try {
      await client.initialize(dir);
      await client.waitFor(() => didAnalyze(client).length >= 1, "first analysis", 60_000);
      const config = configs[0];
      const other = sources.find((s) => !s.startsWith(path.dirname(config) + path.sep))!;
      const text = fs.readFileSync(config, "utf8");
      await client.open(config, text);
      await client.waitFor(() => didAnalyze(client).length >= 2, "analysis after opening");
      // Warm the request path.
      for (let i = 0; i < 3; i++) await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(other) }, position: { line: 0, character: 0 } });

      // A config edit re-checks every worker. Questions about another file, asked all along, are
      // answered from the last analysis while it runs: some answers arrive before it ends.
      let answeredDuring = 0;
      let asked = 0;
      let version = 2;
      for (let round = 0; round < 5 && answeredDuring === 0; round++) {
        const before = didAnalyze(client).length;
        await client.change(config, `${text}\n// edit ${version}\n`, version++);
        const ended = () => didAnalyze(client).length > before;
        const pending: Promise<void>[] = [];
        while (!ended()) {
          asked++;
          const method = asked % 2 ? "textDocument/hover" : "textDocument/completion";
          pending.push(
            client.connection.sendRequest(method, { textDocument: { uri: uri(other) }, position: { line: 0, character: 0 } }).then(() => {
              if (!ended()) answeredDuring++;
            }),
          );
          await new Promise((r) => setTimeout(r, 2));
        }
        await Promise.all(pending);
      }
      assert.ok(answeredDuring > 0, `no hover or completion was answered during a re-check (${asked} asked)`);
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives up a re-check when a newer edit arrives, and ends with the findings of the last text", async () => {
    const { dir, configs } = await generated(20);
    const client = new LspClient();
    client.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 0 })));
    try {
      await client.initialize(dir);
      await client.waitFor(() => didAnalyze(client).length >= 1, "first analysis", 60_000);
      const config = configs[0];
      const text = fs.readFileSync(config, "utf8");
      await client.open(config, text);
      await client.waitFor(() => didAnalyze(client).length >= 2, "analysis after opening");
      const clean = client.codes(config);
      // Broken and whole again, many times, faster than a re-check of every worker.
      let version = 2;
      for (let i = 0; i < 40; i++) {
        await client.change(config, i % 2 === 0 ? `${text.slice(0, text.length / 2)}` : text, version++);
        await new Promise((r) => setTimeout(r, 3));
      }
      const broken = text.slice(0, text.length / 2);
      await client.change(config, broken, version++);
      await client.waitFor(() => client.codes(config).includes("config-parse-error"), "the broken text's parse error", 60_000);
      await client.change(config, text, version++);
      await client.waitFor(() => JSON.stringify(client.codes(config)) === JSON.stringify(clean), "the whole text's findings again", 60_000);
      const last = didAnalyze(client).at(-1)!;
      assert.ok(last.abandoned > 0, `no re-check was given up over ${version} edits (${last.analyses} analyses)`);
      assert.ok(last.analyses < version + 1, "fewer analyses than edits");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers RequestCancelled to a cancelled hover that waits for a re-check, and the re-check still ends", async () => {
    const { dir, configs } = await generated(20);
    const client = new LspClient();
    // A long debounce: only the hover about the edited file starts the re-check.
    client.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 60_000 })));
    try {
      await client.initialize(dir);
      const config = configs[0];
      await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 0, character: 0 } });
      // An edit to the shared tsconfig: every worker is checked again (about 1,000 files, many slices),
      // and the hover about a config waits for it. Whether the cancellation is read before that
      // re-check ends is a race on a fast machine (both messages come in one chunk; the re-check may
      // fit in a few slices): each round edits, asks and cancels at once. Every round must end (the
      // re-check it started finishes, no request hangs), and at least one must be cancelled: a
      // server that ignored $/cancelRequest answers every round.
      const tsconfig = path.join(dir, "tsconfig.base.json");
      const text = fs.readFileSync(tsconfig, "utf8");
      await client.open(tsconfig, text);
      const outcomes: string[] = [];
      for (let round = 0; round < 6 && !outcomes.includes("cancelled"); round++) {
        await client.change(tsconfig, `${text}${"\n".repeat(round + 1)}`, round + 2);
        const before = didAnalyze(client).length;
        const source = new CancellationTokenSource();
        const started = performance.now();
        const answer = client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(config) }, position: { line: 0, character: 0 } }, source.token);
        source.cancel();
        const outcome = await answer.then(
          () => "answered",
          (error: { code?: number }) => (error.code === -32800 ? "cancelled" : `failed with ${error.code}`),
        );
        assert.ok(outcome === "answered" || outcome === "cancelled", `round ${round}: the hover ${outcome}`);
        outcomes.push(outcome);
        assert.ok(performance.now() - started < 10_000, `round ${round}: the hover took ${performance.now() - started} ms`);
        await client.waitFor(() => didAnalyze(client).length > before, `the re-check round ${round}'s hover started`, 60_000);
      }
      assert.ok(outcomes.includes("cancelled"), `no round answered RequestCancelled (-32800): ${outcomes.join(", ")}`);
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("language server: pull diagnostics (LSP 3.17) for clients that announce them", function () {
  this.timeout(60_000);

  it("pulls document and workspace diagnostics, with result ids, refresh requests and no pushes", async () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    const client = new LspClient();
    let refreshes = 0;
    client.connection.onRequest("workspace/diagnostic/refresh", () => {
      refreshes++;
      return null;
    });
    try {
      const result = (await client.initialize(dir, { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { ...WORKSPACE_CAPABILITIES, diagnostics: { refreshSupport: true } } })) as {
        capabilities: { diagnosticProvider?: { interFileDependencies: boolean; workspaceDiagnostics: boolean } };
      };
      assert.deepEqual(result.capabilities.diagnosticProvider, { identifier: "do-doctor", interFileDependencies: true, workspaceDiagnostics: true });
      const config = path.join(dir, "wrangler.jsonc");
      const pull = (previousResultId?: string) => client.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: uri(config) }, ...(previousResultId ? { previousResultId } : {}) }) as Promise<FullReport>;

      // The first pull waits for the first analysis.
      const first = await pull();
      assert.equal(first.kind, "full");
      assert.ok(first.items && first.items.length > 0, "the example's config has findings");
      assert.ok(first.items.every((d) => d.source === "do-doctor"));
      assert.deepEqual(await pull(first.resultId), { kind: "unchanged", resultId: first.resultId });

      const workspace = (await client.connection.sendRequest("workspace/diagnostic", { previousResultIds: [] })) as { items: (FullReport & { uri: string })[] };
      const forConfig = workspace.items.find((i) => i.uri === uri(config));
      assert.ok(forConfig && forConfig.kind === "full" && forConfig.items!.length === first.items.length);
      const again = (await client.connection.sendRequest("workspace/diagnostic", { previousResultIds: workspace.items.map((i) => ({ uri: i.uri, value: i.resultId })) })) as { items: FullReport[] };
      assert.ok(again.items.every((i) => i.kind === "unchanged"), "nothing changed: every report unchanged");

      // An edit that moves the config's findings: the client is asked to pull again, and gets them.
      const text = fs.readFileSync(config, "utf8");
      await client.open(config, text);
      // Two lines more at the top: every finding of the config moves down two lines.
      await client.change(config, `// one\n// two\n${text}`, 2);
      await client.waitFor(() => refreshes > 0, "a workspace/diagnostic/refresh request");
      const after = await pull(first.resultId);
      assert.equal(after.kind, "full");
      assert.notEqual(after.resultId, first.resultId);
      assert.deepEqual(after.items!.map((d) => d.range.start.line), first.items.map((d) => d.range.start.line + 2));
      assert.equal(client.notifications.filter((n) => n.method === "textDocument/publishDiagnostics").length, 0, "a pull client is not pushed diagnostics");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pushes to a pull-capable client that asks for push (the VS Code extension)", async () => {
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    const client = new LspClient();
    try {
      const result = (await client.initialize(dir, { textDocument: { diagnostic: { dynamicRegistration: false } } }, { diagnostics: "push" })) as { capabilities: { diagnosticProvider?: unknown } };
      assert.equal(result.capabilities.diagnosticProvider, undefined);
      await client.waitFor(() => client.codes(path.join(dir, "wrangler.jsonc")).length > 0, "pushed diagnostics");
    } finally {
      assert.equal(await client.stop(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
