import * as assert from "node:assert/strict";
import * as path from "node:path";
import { analyze } from "../../server/src/analyze";
import { createDiskHost } from "../../server/src/host";
import { allFixtures, coderAgentExample, jobsWorkerExample, type FixtureCase } from "../support/fixtures";

function actualFindings(fixture: FixtureCase): string[] {
  const result = analyze({ roots: [fixture.dir], host: createDiskHost() });
  return result.findings.map((f) => `${f.ruleId} ${path.relative(fixture.dir, f.file).split(path.sep).join("/")}:${f.range.start.line + 1}`).sort();
}

function expectedFindings(fixture: FixtureCase): string[] {
  return fixture.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
}

describe("fixtures: each real-shaped project gives exactly its expected findings", () => {
  for (const fixture of [...allFixtures(), coderAgentExample(), jobsWorkerExample()]) {
    it(`${fixture.name}: ${fixture.description}`, () => {
      assert.deepEqual(actualFindings(fixture), expectedFindings(fixture));
    });
  }
});
