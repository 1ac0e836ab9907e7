import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { copyToTemp, EXAMPLES, REPO_ROOT } from "../support/fixtures";

/**
 * The language server in a real Neovim (Debian's 0.7, installed by the test command), configured with
 * the README's docs/editors/neovim-0.7.lua: diagnostics in wrangler.jsonc, settings through
 * init_options (rules set off stay off), and a change made on disk outside the editor noticed,
 * since that Neovim cannot watch files for the server.
 */

const CONFIG = path.join(REPO_ROOT, "docs", "editors", "neovim-0.7.lua");

function nvimVersion(): string | undefined {
  const result = spawnSync("nvim", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.split("\n")[0] : undefined;
}

describe("language server in a real Neovim", function () {
  this.timeout(90_000);

  it("shows the findings, honours init_options settings, and follows a disk edit (README's Neovim 0.7 config)", () => {
    const version = nvimVersion();
    assert.ok(version, "nvim is not installed: the test command installs Debian's neovim (scripts/test.mjs)");
    const dir = copyToTemp(path.join(EXAMPLES, "coder-agent"));
    const out = path.join(dir, "nvim-result.json");
    try {
      // The example has class-not-exported and env-missing-bindings; the second is set off here.
      const settings = fs.readFileSync(CONFIG, "utf8").replace('["spa-shadows-agent-route"] = "off"', '["env-missing-durable-objects"] = "off"');
      const init = path.join(dir, "init.lua");
      fs.writeFileSync(init, settings);
      const script = [
        "lua vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 100)",
        "lua _G.before = vim.tbl_map(function(d) return d.code end, vim.diagnostic.get(0))",
        `lua local f = io.open('src/server.ts', 'a'); f:write('export { CoderAgent } from "./coder-agent";\\n'); f:close()`,
        "lua vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 100)",
        "lua _G.after = vim.tbl_map(function(d) return d.code end, vim.diagnostic.get(0))",
        `lua local f = io.open('${out}', 'w'); f:write(vim.fn.json_encode({ before = _G.before, after = _G.after })); f:close()`,
        "qa!",
      ];
      const result = spawnSync("nvim", ["--headless", "-u", init, "wrangler.jsonc", ...script.flatMap((s) => ["-c", s])], {
        cwd: dir,
        encoding: "utf8",
        timeout: 80_000,
        env: { ...process.env, DO_DOCTOR_BIN: path.join(REPO_ROOT, "bin", "do-doctor.js"), DO_DOCTOR_CACHE: "off", XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir },
      });
      assert.ok(fs.existsSync(out), `${version} wrote no result (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
      const seen = JSON.parse(fs.readFileSync(out, "utf8")) as { before: string[]; after: string[] | Record<string, never> };
      assert.deepEqual(seen.before, ["class-not-exported"], `${version}: the finding, and not the one set off in init_options`);
      // An empty Lua table encodes as {}.
      assert.deepEqual(Array.isArray(seen.after) ? seen.after : [], [], `${version}: the disk edit was noticed without any notification from the editor`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
