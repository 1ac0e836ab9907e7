import * as assert from "node:assert/strict";
import { formatMessage, messageFields, placeholdersOf, sarifArguments, sarifMessageString } from "../../server/src/rules/messages";

describe("message templates", () => {
  it("placeholdersOf: names in order of first use, each once, spaces inside the braces allowed", () => {
    assert.deepEqual(placeholdersOf('Class "{{className}}" is bound as {{ binding }} in {{env}}; bind "{{className}}".'), ["className", "binding", "env"]);
    assert.deepEqual(placeholdersOf("No placeholder; { a } and {{ not a name }} and {{1x}} are text."), []);
  });

  it("formatMessage: fills every occurrence, numbers as text, empty strings kept", () => {
    assert.equal(formatMessage('"{{a}}" and {{b}}{{c}} and "{{a}}"', { a: "x", b: 2, c: "" }), '"x" and 2 and "x"');
    assert.equal(formatMessage("Write it as { \"name\": \"B\" }."), 'Write it as { "name": "B" }.');
  });

  it("formatMessage: a placeholder without a value throws, naming it", () => {
    assert.throws(() => formatMessage("Bind {{to}} instead of {{from}}.", { to: "B" }), /\{\{from\}\} has no value/);
  });

  it("formatMessage: a value is inserted as it is, never read as a template itself", () => {
    assert.equal(formatMessage("{{a}} {{b}}", { a: "{{b}}", b: "$&" }), "{{b}} $&");
  });

  it("sarifMessageString: {0}-style placeholders in order of first use, literal braces doubled", () => {
    assert.equal(sarifMessageString('{{b}} then {{a}} then {{b}}: write { "x": 1 }.'), '{0} then {1} then {0}: write {{ "x": 1 }}.');
    assert.deepEqual(sarifArguments("{{b}} then {{a}} then {{b}}", { a: 1, b: "two", c: "unused" }), ["two", "1"]);
  });

  it("messageFields: text, id and data of a finding from a message table", () => {
    assert.deepEqual(messageFields({ gone: "{{name}} is gone." }, "gone", { name: "X" }), { message: "X is gone.", messageId: "gone", data: { name: "X" } });
    assert.throws(() => messageFields({ gone: "{{name}} is gone." }, "other"), /no message "other"/);
  });
});
