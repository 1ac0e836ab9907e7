import * as assert from "node:assert/strict";
import { DEFAULT_HEAP_GROWING_PERCENT, tuneHeap } from "../../server/src/lsp/heapTuning";

/** The language server's heap growing factor (server/src/lsp/heapTuning.ts): who decides it. */
describe("language server heap tuning", () => {
  // The flags set, recorded instead of applied: this test process keeps V8's own settings.
  let set: string[] = [];
  const tune = (env: NodeJS.ProcessEnv, execArgv: string[]) => tuneHeap(env, execArgv, (flags) => set.push(flags));
  beforeEach(() => (set = []));

  it("applies the default unless told otherwise", () => {
    assert.equal(tune({}, []), DEFAULT_HEAP_GROWING_PERCENT);
    assert.deepEqual(set, [`--heap-growing-percent=${DEFAULT_HEAP_GROWING_PERCENT}`]);
  });

  it("takes DO_DOCTOR_HEAP_GROWING_PERCENT, and 0 leaves V8's own factor", () => {
    assert.equal(tune({ DO_DOCTOR_HEAP_GROWING_PERCENT: "80" }, []), 80);
    assert.equal(tune({ DO_DOCTOR_HEAP_GROWING_PERCENT: "0" }, []), undefined);
    // Not a number: the default, never a flag V8 would reject.
    assert.equal(tune({ DO_DOCTOR_HEAP_GROWING_PERCENT: "lots" }, []), DEFAULT_HEAP_GROWING_PERCENT);
    assert.deepEqual(set, ["--heap-growing-percent=80", `--heap-growing-percent=${DEFAULT_HEAP_GROWING_PERCENT}`]);
  });

  it("leaves the flag alone when the process was started with it (a client's execArgv wins)", () => {
    assert.equal(tune({}, ["--heap-growing-percent=30"]), undefined);
    assert.equal(tune({ DO_DOCTOR_HEAP_GROWING_PERCENT: "80" }, ["--heap_growing_percent=30"]), undefined);
    assert.deepEqual(set, []);
  });
});
