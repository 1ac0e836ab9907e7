import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readDirectives, UNUSED_DIRECTIVE_RULE } from "../../server/src/directives";
import { applyTextEdits } from "../../server/src/edits/applyEdits";
import { PROJECT_ROOT, runProject } from "../support/ruleTester";

const config = (bindingComment: string) => `{
  "name": "coder",
  "main": "src/index.ts",
  "compatibility_flags": ["nodejs_compat"],
  "durable_objects": {
    "bindings": [
${bindingComment}      { "name": "Legacy", "class_name": "Legacy" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Other"] }],
}
`;
const entry = `import { DurableObject } from "cloudflare:workers";
export class Legacy extends DurableObject {}
export class Other extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`;
const at = (file: string) => path.join(PROJECT_ROOT, file);

describe("do-doctor-disable directives", () => {
  it("reads next-line and line directives in every comment style, with rules and a reason", () => {
    const text = [
      "// do-doctor-disable-next-line a-rule, b-rule -- because",
      "x(); /* do-doctor-disable-line c-rule */ y();",
      "# do-doctor-disable-next-line",
      '"// do-doctor-disable-linefoo"',
      "// do-doctor-disable-next-line d-rule e-rule\r",
    ].join("\n");
    const found = readDirectives("/f.ts", text).map((d) => [d.kind, d.line, d.targetLine, d.rules, d.ownLine]);
    assert.deepEqual(found, [
      ["next-line", 0, 1, ["a-rule", "b-rule"], true],
      ["line", 1, 1, ["c-rule"], false],
      ["next-line", 2, 3, [], true],
      ["next-line", 4, 5, ["d-rule", "e-rule"], true],
    ]);
  });

  it("silences the named rule on the next line of a JSONC config, and only that rule", () => {
    const plain = runProject({ "wrangler.jsonc": config(""), "src/index.ts": entry }).result.findings.filter((f) => f.ruleId === "binding-missing-migration");
    assert.equal(plain.length, 1, "the case needs a finding to silence");
    const silenced = runProject({ "wrangler.jsonc": config("      // do-doctor-disable-next-line binding-missing-migration -- made by hand\n"), "src/index.ts": entry }).result.findings;
    assert.deepEqual(silenced.filter((f) => f.ruleId === "binding-missing-migration"), []);
    const other = runProject({ "wrangler.jsonc": config("      // do-doctor-disable-next-line class-not-found\n"), "src/index.ts": entry }).result.findings;
    assert.equal(other.filter((f) => f.ruleId === "binding-missing-migration").length, 1, "a directive for another rule silences nothing");
  });

  it("silences a source finding on its own line, and TOML directives with #", () => {
    const source = `import { DurableObject } from "cloudflare:workers";\nexport class Legacy extends DurableObject {}\nexport default { fetch(r: Request, env: Env) { return env.LEGACYY.idFromName("a"); } }; // do-doctor-disable-line unknown-binding-in-code\n`;
    // The finding stands on class_name (the line the directive must precede).
    const toml = `name = "coder"\nmain = "src/index.ts"\n\n[[durable_objects.bindings]]\nname = "Legacy"\n# do-doctor-disable-next-line binding-missing-migration\nclass_name = "Legacy"\n`;
    const { result } = runProject({ "wrangler.toml": toml, "src/index.ts": source });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === "unknown-binding-in-code" || f.ruleId === "binding-missing-migration").map((f) => f.ruleId), []);
    const { result: plain } = runProject({ "wrangler.toml": toml.replace("# do-doctor-disable-next-line binding-missing-migration\n", ""), "src/index.ts": source.replace(" // do-doctor-disable-line unknown-binding-in-code", "") });
    assert.deepEqual(plain.findings.filter((f) => f.ruleId === "unknown-binding-in-code" || f.ruleId === "binding-missing-migration").map((f) => f.ruleId).sort(), ["binding-missing-migration", "unknown-binding-in-code"]);
  });

  it("reports unused directives when asked, with a fix that removes them", () => {
    const files = { "wrangler.jsonc": config("      // do-doctor-disable-next-line class-not-exported\n"), "src/index.ts": entry };
    assert.deepEqual(runProject(files).result.findings.filter((f) => f.ruleId === UNUSED_DIRECTIVE_RULE), [], "not reported unless asked");
    const { host, result } = runProject(files, undefined, { reportUnusedDirectives: "warning" });
    const unused = result.findings.filter((f) => f.ruleId === UNUSED_DIRECTIVE_RULE);
    assert.equal(unused.length, 1);
    assert.equal(unused[0].severity, "warning");
    assert.equal(unused[0].range.start.line, 6);
    assert.match(unused[0].message, /no problem from class-not-exported was reported on line 8/);
    const fixed = applyTextEdits(host.readFile(at("wrangler.jsonc"))!, unused[0].fixes[0].edits);
    assert.equal(fixed, config(""));
  });
});
