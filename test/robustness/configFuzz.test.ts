import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { parseConfigText } from "../../server/src/project/readConfig";
import { runProject } from "../support/ruleTester";
import { applyDamage, configArb, damageArb, fuzzParameters, renderJsonc, renderSources, renderToml, sourceArb, styleArb } from "./generators";
import { assertFixesSound, assertSaneFindings, type FixStats } from "./invariants";

/**
 * Property-based: random wrangler configs (JSONC and TOML, comments, trailing commas, envs, every
 * kind of migration, wrong types) with random sources, whole and damaged. Counts are printed so the
 * README's numbers can be checked; `DO_DOCTOR_FUZZ_RUNS=N` runs longer.
 */
const formats = [
  { name: "wrangler.jsonc", render: renderJsonc, seed: 7001 },
  { name: "wrangler.toml", render: renderToml, seed: 7002 },
] as const;

describe("robustness: fuzzed configs through analyze and every fix", function () {
  this.timeout(120_000);
  const stats: FixStats = { fixes: 0 };
  let findings = 0;
  let cases = 0;
  after(() => console.log(`      ${cases} generated projects, ${findings} findings, ${stats.fixes} fixes applied and re-checked`));

  for (const format of formats) {
    it(`${format.name}: well-formed configs parse, analyze cleanly, and every fix is sound`, () => {
      fc.assert(
        fc.property(configArb, styleArb, sourceArb, fc.option(fc.constantFrom("staging", "production"), { nil: undefined }), (config, style, source, env) => {
          const text = format.render(config, style);
          assert.deepEqual(parseConfigText(format.name, text).problems, [], `the generator wrote a broken config:\n${text}`);
          const files = { [format.name]: text, ...renderSources(source) };
          const { result } = runProject(files, env);
          cases++;
          findings += result.findings.length;
          assertSaneFindings(files, result);
          assertFixesSound(files, result, stats, env);
        }),
        fuzzParameters(150, format.seed),
      );
    });

    it(`${format.name}: damaged configs (deleted spans, garbage, truncation) never crash a rule`, () => {
      fc.assert(
        fc.property(configArb, styleArb, sourceArb, damageArb, (config, style, source, damage) => {
          const text = applyDamage(format.render(config, style), damage);
          const files = { [format.name]: text, ...renderSources(source) };
          const { result } = runProject(files);
          cases++;
          findings += result.findings.length;
          assertSaneFindings(files, result);
          assertFixesSound(files, result, stats);
        }),
        fuzzParameters(150, format.seed + 100),
      );
    });
  }

  it("arbitrary text as a config: JSONC and TOML parsers and every rule survive", () => {
    fc.assert(
      fc.property(fc.constantFrom("wrangler.json", "wrangler.jsonc", "wrangler.toml"), fc.string({ unit: "binary", maxLength: 300 }), (name, text) => {
        const files = { [name]: text, "src/index.ts": "export class Counter {}\n" };
        const { result } = runProject(files);
        cases++;
        assertSaneFindings(files, result);
      }),
      fuzzParameters(200, 7003),
    );
  });
});
