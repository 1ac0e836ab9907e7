import * as assert from "node:assert/strict";
import { parseJsoncConfig } from "../../server/src/project/jsoncTree";
import { parseTomlConfig } from "../../server/src/project/tomlTree";
import { readWorkerConfig } from "../../server/src/project/readConfig";
import type { ConfigValue } from "../../server/src/project/configTree";

/** The tree without spans, as plain data, to compare shapes. */
function plain(value: ConfigValue | undefined): unknown {
  if (!value) return undefined;
  if (value.kind === "object") return Object.fromEntries(value.properties.map((p) => [p.key, plain(p.value)]));
  if (value.kind === "array") return value.items.map(plain);
  return value.value;
}

describe("config trees", () => {
  it("reads JSONC with comments and trailing commas, keeping exact spans", () => {
    const text = `{\n  // comment\n  "name": "w", /* block */\n  "flags": ["a",],\n}\n`;
    const parsed = parseJsoncConfig(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(plain(parsed.root), { name: "w", flags: ["a"] });
    const name = parsed.root!.properties[0];
    assert.equal(text.slice(name.keySpan.start, name.keySpan.end), '"name"');
    assert.equal(text.slice(name.value.span.start, name.value.span.end), '"w"');
  });

  it("reports a JSONC syntax error at its position and still reads the rest", () => {
    const text = `{\n  "name": "w"\n  "main": "src/index.ts"\n}\n`;
    const parsed = parseJsoncConfig(text);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, /comma expected/);
    assert.equal(text.slice(0, parsed.problems[0].span.start).split("\n").length, 3);
    assert.deepEqual(plain(parsed.root), { name: "w", main: "src/index.ts" });
  });

  it("rejects a JSON root that is not an object", () => {
    const parsed = parseJsoncConfig(`["not", "an", "object"]`);
    assert.equal(parsed.root, undefined);
    assert.match(parsed.problems[0].message, /must be an object/);
  });

  it("reads TOML tables, arrays of tables, dotted keys and inline tables into the same shape", () => {
    const text = [
      `name = "w"`,
      `compatibility_flags = ["nodejs_compat"]`,
      `[[durable_objects.bindings]]`,
      `name = "A"`,
      `class_name = "A"`,
      `[[migrations]]`,
      `tag = "v1"`,
      `new_sqlite_classes = ["A"]`,
      `[env.staging]`,
      `name = "w-staging"`,
      `durable_objects.bindings = [{ name = "A", class_name = "A" }]`,
      `[env.staging.vars]`,
      `X = "1"`,
      ``,
    ].join("\n");
    const parsed = parseTomlConfig(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(plain(parsed.root), {
      name: "w",
      compatibility_flags: ["nodejs_compat"],
      durable_objects: { bindings: [{ name: "A", class_name: "A" }] },
      migrations: [{ tag: "v1", new_sqlite_classes: ["A"] }],
      env: { staging: { name: "w-staging", durable_objects: { bindings: [{ name: "A", class_name: "A" }] }, vars: { X: "1" } } },
    });
  });

  it("recovers from a broken TOML line: one problem, the rest still read, offsets intact", () => {
    const text = `name = "w"\nmain = "src/index.ts"\nbroken line here\n[[migrations]]\ntag = "v1"\n`;
    const parsed = parseTomlConfig(text);
    assert.equal(parsed.problems.length, 1);
    assert.equal(text.slice(0, parsed.problems[0].span.start).split("\n").length, 3);
    assert.deepEqual(plain(parsed.root), { name: "w", main: "src/index.ts", migrations: [{ tag: "v1" }] });
    const main = parsed.root!.properties[1];
    assert.equal(text.slice(main.value.span.start, main.value.span.end), `"src/index.ts"`);
  });

  it("never throws on garbage", () => {
    for (const text of ["", "\u0000\u0001", "[[[[", "= = =", "{".repeat(500), `a = "unterminated`, "[env]\n[env]\n"]) {
      assert.doesNotThrow(() => parseTomlConfig(text));
      assert.doesNotThrow(() => parseJsoncConfig(text));
    }
  });
});

describe("worker model", () => {
  it("applies wrangler's inheritance: migrations, main and flags inherited; durable_objects not", () => {
    const text = `{
      "name": "w", "main": "src/index.ts", "compatibility_flags": ["nodejs_compat"],
      "durable_objects": { "bindings": [{ "name": "A", "class_name": "A" }] },
      "migrations": [{ "tag": "v1", "new_sqlite_classes": ["A"] }],
      "env": {
        "staging": { "vars": { "X": "1" } },
        "prod": { "main": "src/prod.ts", "durable_objects": { "bindings": [{ "name": "B", "class_name": "A", "script_name": "other" }] }, "migrations": [] }
      }
    }`;
    const worker = readWorkerConfig("/p/wrangler.jsonc", text);
    const [staging, prod] = worker.environments;
    assert.equal(staging.label, "env.staging");
    assert.equal(staging.durableObjects.length, 0);
    assert.equal(staging.migrations?.definedIn, "");
    assert.equal(staging.migrations?.value[0].created[0].className.value, "A");
    assert.equal(staging.main?.value.value, "src/index.ts");
    assert.deepEqual(staging.compatibilityFlags?.value.map((f) => f.value), ["nodejs_compat"]);
    assert.deepEqual(staging.otherBindings.map((b) => `${b.kind}:${b.name.value}`), ["vars:X"]);
    assert.equal(prod.main?.value.value, "src/prod.ts");
    assert.equal(prod.migrations?.definedIn, "prod");
    assert.equal(prod.migrations?.value.length, 0);
    assert.equal(prod.durableObjects[0].scriptName?.value, "other");
  });

  it("reads every migration kind and the exports key", () => {
    const text = `{
      "migrations": [
        { "tag": "v1", "new_classes": ["Kv"], "new_sqlite_classes": ["Sql"] },
        { "tag": "v2", "renamed_classes": [{ "from": "Sql", "to": "Sql2" }], "deleted_classes": ["Kv"] },
        { "tag": "v3", "transferred_classes": [{ "from": "X", "from_script": "other", "to": "Y" }] }
      ],
      "exports": { "CoderAgent": { "type": "durable-object", "storage": "sqlite" } }
    }`;
    const env = readWorkerConfig("/p/wrangler.jsonc", text).topLevel;
    const [v1, v2, v3] = env.migrations!.value;
    assert.deepEqual(v1.created.map((c) => `${c.className.value}:${c.storage}`), ["Kv:kv", "Sql:sqlite"]);
    assert.equal(v2.renamed[0].to?.value, "Sql2");
    assert.equal(v2.deleted[0].value, "Kv");
    assert.equal(v3.transferred[0].fromScript?.value, "other");
    assert.equal(env.exports?.value[0].className.value, "CoderAgent");
    assert.equal(env.exports?.value[0].storage?.value, "sqlite");
  });

  it("tolerates wrong types everywhere without throwing", () => {
    const text = `{ "durable_objects": 3, "migrations": { "tag": 1 }, "env": [1, 2], "main": null, "compatibility_flags": "nodejs_compat" }`;
    const worker = readWorkerConfig("/p/wrangler.jsonc", text);
    assert.equal(worker.topLevel.durableObjects.length, 0);
    assert.equal(worker.topLevel.migrations, undefined);
    assert.equal(worker.environments.length, 0);
    assert.equal(worker.topLevel.main, undefined);
  });
});
