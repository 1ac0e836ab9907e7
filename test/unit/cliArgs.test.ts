import * as assert from "node:assert/strict";
import * as path from "node:path";
import { parseCommandLine, unknownCommand, UsageError, type OptionSpecs } from "../../server/src/cli/args";
import type { CliIo } from "../../server/src/cli/main";
import { parseProbeArgs } from "../../server/src/cli/probeCommand";

const SPECS = {
  format: { type: "string" },
  rule: { type: "string", multiple: true },
  fix: { type: "boolean" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpecs;

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    assert.ok(!error.message.includes("\n"), `one line: ${error.message}`);
    return error.message;
  }
  assert.fail("no usage error");
}

describe("the CLI's argument parser (node:util parseArgs, checked token by token)", () => {
  it("reads values with a space or '=', repeatable options in order, flags, short aliases and positionals", () => {
    const { values, positionals, afterDoubleDash } = parseCommandLine(["a", "--format", "json", "--rule=x=off", "b", "--rule", "y=warning", "--fix", "--no-color", "-h"], SPECS, "check");
    assert.deepEqual(values, { format: "json", rule: ["x=off", "y=warning"], fix: true, "no-color": true, help: true });
    assert.deepEqual(positionals, ["a", "b"]);
    assert.equal(afterDoubleDash, undefined);
  });

  it("the last of a single-valued option wins", () => {
    assert.equal(parseCommandLine(["--format", "json", "--format=sarif"], SPECS, "check").values.format, "sarif");
  });

  it("keeps everything after the first -- untouched", () => {
    const { positionals, afterDoubleDash } = parseCommandLine(["p", "--", "--port", "9000", "--", "--bogus"], SPECS, "probe");
    assert.deepEqual(positionals, ["p"]);
    assert.deepEqual(afterDoubleDash, ["--port", "9000", "--", "--bogus"]);
  });

  it("names the nearest valid option for a slip", () => {
    assert.equal(usageError(() => parseCommandLine(["--formt", "json"], SPECS, "check")), "unknown option --formt; did you mean --format?");
    assert.equal(usageError(() => parseCommandLine(["--no-colour"], SPECS, "check")), "unknown option --no-colour; did you mean --no-color?");
    assert.equal(usageError(() => parseCommandLine(["--Fix"], SPECS, "check")), "unknown option --Fix; did you mean --fix?");
    assert.match(usageError(() => parseCommandLine(["--bogus"], SPECS, "check")), /^unknown option --bogus for check \(do-doctor check --help lists the options\)$/);
    assert.match(usageError(() => parseCommandLine(["-x"], SPECS, "check")), /^unknown option -x for check/);
  });

  it("a missing value and a value for a flag are usage errors", () => {
    assert.equal(usageError(() => parseCommandLine(["--format"], SPECS, "check")), "--format needs a value");
    assert.equal(usageError(() => parseCommandLine(["--format", "--fix"], SPECS, "check")), "--format needs a value");
    assert.equal(usageError(() => parseCommandLine(["--fix=yes"], SPECS, "check")), '--fix takes no value (got "yes")');
    // A value that starts with one dash is a value (a negative number, a route such as -x is not an option here).
    assert.equal(parseCommandLine(["--format", "-1"], SPECS, "check").values.format, "-1");
  });

  it("suggests the command meant", () => {
    const commands = ["check", "rules", "probe", "lsp", "help"];
    assert.equal(unknownCommand("chek", commands, ["--version", "--help"]), 'unknown command "chek"; did you mean check?');
    assert.equal(unknownCommand("--verison", commands, ["--version", "--help"]), 'unknown command "--verison"; did you mean --version?');
    assert.equal(unknownCommand("frobnicate", commands, ["--version", "--help"]), 'unknown command "frobnicate" (do-doctor --help lists the commands)');
  });
});

describe("do-doctor probe's arguments (parsed, nothing started)", () => {
  const cwd = path.resolve("/project");
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, cwd, colorStdout: false };

  it("keeps every option: config, env, binding, name, path, repeatable headers, remote bindings, timeout, format, -- extra args", () => {
    const { options, format } = parseProbeArgs(
      ["app", "--config", "wrangler.toml", "--env=staging", "--binding", "Chat", "--name", "room-1", "--path", "/agents/chat/room-1?x=1", "--header", "Authorization: Bearer t", "--header=X-Team: a:b", "--remote-bindings", "--timeout", "1.5", "--format", "json", "--", "--port", "9000"],
      io,
    );
    assert.equal(format, "json");
    assert.deepEqual(options, {
      projectDir: path.join(cwd, "app"),
      configFile: "wrangler.toml",
      environment: "staging",
      binding: "Chat",
      instanceName: "room-1",
      path: "/agents/chat/room-1?x=1",
      headers: [
        ["Authorization", "Bearer t"],
        ["X-Team", "a:b"],
      ],
      remoteBindings: true,
      timeoutMs: 1500,
      extraWranglerArgs: ["--port", "9000"],
    });
  });

  it("defaults: the current folder, text", () => {
    assert.deepEqual(parseProbeArgs([], io), { options: { projectDir: cwd }, format: "text" });
  });

  it("refuses what it refused before, in one line", () => {
    assert.match(usageError(() => parseProbeArgs(["--format", "sarif"], io)), /unknown format "sarif" for probe/);
    assert.match(usageError(() => parseProbeArgs(["--timeout", "soon"], io)), /--timeout takes a number of seconds/);
    assert.match(usageError(() => parseProbeArgs(["--path", "agents/x"], io)), /--path takes a route starting with "\/"/);
    assert.match(usageError(() => parseProbeArgs(["--header", "no-colon"], io)), /--header takes "Name: value"/);
    assert.match(usageError(() => parseProbeArgs(["a", "b"], io)), /probe takes one project folder/);
    assert.match(usageError(() => parseProbeArgs(["--binding"], io)), /--binding needs a value/);
    assert.equal(usageError(() => parseProbeArgs(["--remote-binding"], io)), "unknown option --remote-binding; did you mean --remote-bindings?");
    assert.equal(usageError(() => parseProbeArgs(["--timout", "5"], io)), "unknown option --timout; did you mean --timeout?");
  });
});
