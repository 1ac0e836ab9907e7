import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { applySafeFixes } from "../../server/src/cli/fixFiles";
import { createDiskHost } from "../../server/src/host";
import { runProject } from "../support/ruleTester";
import { chainProjectArb, fuzzParameters, renderChainProject } from "./generators";
import { assertFixesSound, assertSaneFindings, assertSourceSound, relative, type FixStats } from "./invariants";

/**
 * Property-based: worker sources joined by export chains, right and broken (re-exports of modules
 * that lack the name, aliases, `export *`, missing files, cycles), so that source fixes apply. Every
 * fix offered must leave each source parsing and exporting no name twice, and remove its finding; a
 * whole `--fix` on disk must write only such files, refuse nothing and repeat nothing.
 */
describe("robustness: fuzzed export chains through every source fix and --fix", function () {
  this.timeout(300_000);
  const stats: FixStats = { fixes: 0 };
  let projects = 0;
  let sourceFixes = 0;
  let written = 0;
  after(() => console.log(`      ${projects} generated projects, ${stats.fixes} fixes applied and re-checked (${sourceFixes} editing sources), ${written} files written by --fix`));

  it("every fix offered leaves sources parsing, exports no name twice, and removes its finding", () => {
    fc.assert(
      fc.property(chainProjectArb, (modules) => {
        const files = renderChainProject(modules);
        const { result } = runProject(files);
        projects++;
        assertSaneFindings(files, result);
        sourceFixes += result.findings.flatMap((f) => f.fixes).filter((fix) => fix.edits.some((e) => /\.ts$/.test(e.file))).length;
        assertFixesSound(files, result, stats);
      }),
      fuzzParameters(300, 7020),
    );
  });

  it("--fix on disk: written sources parse and export each name once; nothing refused, nothing repeated", () => {
    fc.assert(
      fc.property(chainProjectArb, (modules) => {
        const files = renderChainProject(modules);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "do-doctor-chains-"));
        try {
          for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), text);
          }
          const report = applySafeFixes({ roots: [dir], host: createDiskHost() });
          projects++;
          written += report.changedFiles.length;
          const describe = () => Object.entries(files).map(([n, t]) => `--- ${n}\n${t}`).join("\n");
          assert.deepEqual(report.refusedFixes, [], `a rule offered a fix that breaks a file:\n${describe()}`);
          assert.deepEqual(report.unremoved.map((u) => u.finding.message), [], `a fix did not remove its finding:\n${describe()}`);
          for (const file of report.changedFiles) {
            const name = path.relative(dir, file).split(path.sep).join("/");
            assertSourceSound(name, files[name] ?? "", fs.readFileSync(file, "utf8"), `--fix of ${relative(file)}`);
          }
          const left = report.result.findings.filter((f) => f.fixes.some((fix) => fix.safe));
          assert.deepEqual(left.map((f) => f.message), [], `a safe fix is still offered after --fix:\n${describe()}`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzParameters(60, 7021),
    );
  });
});
