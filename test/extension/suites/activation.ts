import * as assert from "node:assert/strict";
import { extension, waitFor } from "../helpers";

describe("activation", () => {
  it("activates by itself in a workspace with wrangler configs (workspaceContains)", async () => {
    // Nothing in the suites calls activate() before this test: the activation events did it.
    await waitFor("the extension to activate", () => extension().isActive, 20_000);
    const api = extension().exports;
    assert.equal(typeof api.viewSnapshot, "function");
    assert.equal(typeof api.probe, "function");
    await api.ready;
  });
});
