import * as assert from "node:assert/strict";
import { bindingPresence } from "../../server/src/source/presenceChecks";

/** Each case: code, and how many presence tests and unchecked references of `X` it holds. */
const cases: { name: string; code: string; checks: number; unchecked: number }[] = [
  { name: "a plain use", code: "env.X.fetch(r);", checks: 0, unchecked: 1 },
  { name: "ternary test, then the use it guards", code: "const f = env.X ? env.X.fetch(r) : undefined;", checks: 1, unchecked: 0 },
  { name: "early return on `!`", code: "if (!env.X) return;\nenv.X.fetch(r);", checks: 1, unchecked: 0 },
  { name: "`if (c.env.X)` in Hono", code: "if (c.env.X) { await c.env.X.fetch(r); }", checks: 1, unchecked: 0 },
  { name: "`=== undefined` either side, `!= null`", code: "if (undefined === this.env.X) {}\nif (env.X != null) {}", checks: 2, unchecked: 0 },
  { name: "`?.`, `&&`, `??`, `||`", code: "env.X?.fetch(r); env.X && 1; env.X ?? y; env.X || y;", checks: 4, unchecked: 0 },
  { name: "`typeof` and `\"X\" in env`", code: "if (typeof env.X === 'undefined') {}\nif ('X' in env) {}", checks: 2, unchecked: 0 },
  { name: "element access", code: 'if (env["X"]) env["X"].fetch(r);', checks: 1, unchecked: 0 },
  { name: "a use before the first test", code: "env.X.fetch(r);\nif (!env.X) return;", checks: 1, unchecked: 1 },
  { name: "alias tested later", code: "const ns = env.X;\nif (ns === undefined) return;\nns.get(id);", checks: 1, unchecked: 0 },
  { name: "typed alias tested with `!`", code: "const ns: DurableObjectNamespace | undefined = env.X;\nif (!ns) return;", checks: 1, unchecked: 0 },
  { name: "alias never tested", code: "const ns = env.X;\nns.get(id);", checks: 0, unchecked: 1 },
  { name: "a property named like the alias is not the alias", code: "const ns = env.X;\nif (!other.ns) return;", checks: 0, unchecked: 1 },
  { name: "a non-null assertion is no test", code: "env.X!.fetch(r);", checks: 0, unchecked: 1 },
  { name: "declarations and object keys are no references", code: "interface Env { X?: Fetcher }\nconst e = { X: fetcher };", checks: 0, unchecked: 0 },
  { name: "strings and comments are no references", code: "// env.X ? a : b\nconst s = 'env.X';", checks: 0, unchecked: 0 },
  { name: "another binding's test says nothing of X", code: "if (!env.Y) return;\nenv.X.fetch(r);", checks: 0, unchecked: 1 },
];

describe("presence checks of a binding in code (source/presenceChecks.ts)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const found = bindingPresence("src/index.ts", c.code, ["X"])?.get("X") ?? { checks: [], unchecked: [] };
      assert.deepEqual({ checks: found.checks.length, unchecked: found.unchecked.length }, { checks: c.checks, unchecked: c.unchecked });
    });
  }

  it("points at the tested name", () => {
    const code = "const a = 1;\nif (!env.X) return;";
    const check = bindingPresence("src/index.ts", code, ["X"])!.get("X")!.checks[0];
    assert.equal(code.slice(check.start, check.end), "X");
  });

  it("answers undefined for a file the tokenizer will not read with certainty", () => {
    assert.equal(bindingPresence("src/index.ts", "const s = `${env.X", ["X"]), undefined);
  });

  it("reads .tsx files with their elements", () => {
    const found = bindingPresence("src/app.tsx", "export const A = () => <div>{env.X ? <b/> : null}</div>;", ["X"])!.get("X")!;
    assert.equal(found.checks.length, 1);
  });
});
