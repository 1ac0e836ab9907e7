import * as assert from "node:assert/strict";
import { agentNamespace, naiveKebab } from "../../server/src/naming/agentNamespace";
import { editDistance, nearestName } from "../../server/src/naming/nearestName";

describe("agent namespaces (the Agents SDK's kebab-case, measured)", () => {
  const table: [string, string][] = [
    ["CoderAgent", "coder-agent"],
    ["CODER_AGENT", "coder-agent"],
    ["CODER", "coder"],
    ["AIAssistant", "a-i-assistant"],
    ["MyMCP", "my-m-c-p"],
    ["Coder_Agent", "coder--agent"],
    ["MyAgent2", "my-agent2"],
    ["coder-agent", "coder-agent"],
  ];
  for (const [binding, namespace] of table) {
    it(`${binding} -> ${namespace}`, () => assert.equal(agentNamespace(binding), namespace));
  }
  it("knows what people expect instead for acronyms", () => {
    assert.equal(naiveKebab("AIAssistant"), "ai-assistant");
    assert.equal(naiveKebab("CoderAgent"), "coder-agent");
  });
});

describe("nearest names", () => {
  it("counts adjacent swaps as one edit", () => {
    assert.equal(editDistance("CoderAgnet", "CoderAgent"), 1);
    assert.equal(editDistance("", "abc"), 3);
  });
  it("suggests slips and ignores case, dashes and underscores", () => {
    assert.equal(nearestName("CoderAgnet", ["CoderAgent", "ReviewerAgent"]), "CoderAgent");
    assert.equal(nearestName("CODER_AGENT", ["CoderAgent"]), "CoderAgent");
    assert.equal(nearestName("Completely", ["CoderAgent"]), undefined);
    assert.equal(nearestName("X", []), undefined);
  });
});
