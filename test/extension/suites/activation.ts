import * as assert from "node:assert/strict";
import { extension, waitFor } from "../helpers";

describe("activation", () => {
  it("activates by itself in a workspace with wrangler configs (workspaceContains)", async function () {
    // Nothing in the suites calls activate() before this test: the activation events did it. The
    // first test of a fresh code-server: on a loaded machine its file search for `workspaceContains`
    // took over 20 s once (every later suite passed), so the bound is generous.
    this.timeout(90_000);
    await waitFor("the extension to activate", () => extension().isActive, 75_000);
    const api = extension().exports;
    assert.equal(typeof api.viewSnapshot, "function");
    assert.equal(typeof api.probe, "function");
    await api.ready;
  });
});
