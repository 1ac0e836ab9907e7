import * as assert from "node:assert/strict";
import { pathToUri, uriToPath } from "../../server/src/lsp/uris";
import type { WorkerConfig } from "../../server/src/project/model";
import { pathKey, POSIX_PATHS, samePath, WIN32_PATHS, type PathFlavour } from "../../server/src/project/pathFlavour";
import { commonFolder, deepestWorkerHolding } from "../../server/src/project/workerFolders";
import { isInside } from "../../server/src/source/sourceIndex";

/**
 * The engine's path-facing helpers under both platforms' rules, whatever this machine is: every table
 * below runs once with path.posix and once with path.win32 (drive letters, `\`, no case).
 */
interface Flavoured {
  flavour: PathFlavour;
  /** The file system root the tables are written under. */
  root: string;
  /** The same root spelled another way that names the same folder on that platform, if any. */
  otherCase?: string;
}

const FLAVOURS: Flavoured[] = [
  { flavour: POSIX_PATHS, root: "/home/dev" },
  { flavour: WIN32_PATHS, root: "C:\\Users\\Dev", otherCase: "c:\\users\\dev" },
];

for (const { flavour, root, otherCase } of FLAVOURS) {
  const p = flavour.path;
  const at = (...parts: string[]) => p.join(root, ...parts);
  const worker = (dir: string) => ({ dir, file: p.join(dir, "wrangler.jsonc") }) as WorkerConfig;

  describe(`paths under ${flavour.name} rules`, () => {
    it("isInside is a path test, not a text prefix", () => {
      const table: [string, string, boolean][] = [
        [at("a", "b.ts"), at("a"), true],
        [at("a", "b", "c.ts"), at("a"), true],
        [at("ab", "c.ts"), at("a"), false],
        [at("a"), at("a"), false],
        [at("a", "..x.ts"), at("a"), true],
        [at("b.ts"), at("a"), false],
        [at("a.ts"), p.parse(root).root, true],
      ];
      for (const [file, dir, expected] of table) assert.equal(isInside(file, dir, flavour), expected, `${file} in ${dir}`);
    });

    it("names differing only by case are one folder on Windows and two on POSIX", () => {
      const spelled = otherCase ?? root.toUpperCase();
      const inside = isInside(p.join(spelled, "src", "index.ts"), root, flavour);
      assert.equal(inside, flavour.caseInsensitive);
      assert.equal(samePath(spelled, root, flavour), flavour.caseInsensitive);
      assert.equal(pathKey(spelled, flavour) === pathKey(root, flavour), flavour.caseInsensitive);
      assert.equal(samePath(root, root, flavour), true);
    });

    it("commonFolder finds the deepest folder holding all, across drive-letter case on Windows", () => {
      assert.equal(commonFolder([at("apps", "a"), at("apps", "b"), at("apps", "b", "c")], flavour), at("apps"));
      assert.equal(commonFolder([at("apps", "a")], flavour), at("apps", "a"));
      assert.equal(commonFolder([], flavour), undefined);
      if (otherCase) assert.equal(commonFolder([at("apps", "a"), p.join(otherCase, "apps", "a", "x")], flavour), at("apps", "a"));
    });

    it("deepestWorkerHolding picks the nearest config folder above a file", () => {
      const workers = [worker(at("apps")), worker(at("apps", "chat")), worker(at("apps", "chat-ui"))];
      assert.equal(deepestWorkerHolding(at("apps", "chat", "src", "index.ts"), workers, flavour)?.dir, at("apps", "chat"));
      assert.equal(deepestWorkerHolding(at("apps", "chat-ui", "index.ts"), workers, flavour)?.dir, at("apps", "chat-ui"));
      assert.equal(deepestWorkerHolding(at("apps", "other", "index.ts"), workers, flavour)?.dir, at("apps"));
      assert.equal(deepestWorkerHolding(at("elsewhere.ts"), workers, flavour), undefined);
      const spelled = deepestWorkerHolding(p.join(otherCase ?? root.toUpperCase(), "apps", "chat", "x.ts"), workers, flavour);
      assert.equal(spelled?.dir, flavour.caseInsensitive ? at("apps", "chat") : undefined);
    });

    it("file URIs round-trip through paths as VS Code spells them", () => {
      for (const file of [at("wrangler.jsonc"), at("a b", "ü #1%.ts"), at("[id]", "route.ts")]) {
        const uri = pathToUri(file, flavour);
        assert.match(uri, /^file:\/\/\//);
        const back = uriToPath(uri, flavour)!;
        assert.ok(samePath(back, file, flavour), `${file} -> ${uri} -> ${back}`);
        // Windows: the drive letter comes back lower case, as in VS Code's fsPath.
        if (flavour.name === "win32") assert.equal(back, file[0].toLowerCase() + file.slice(1));
        else assert.equal(back, file);
      }
      assert.equal(uriToPath("untitled:Untitled-1", flavour), undefined);
      assert.equal(uriToPath("git:/x/y?ref=HEAD", flavour), undefined);
    });
  });
}

describe("file URIs from VS Code on Windows", () => {
  it("reads the encoded drive letter, forward slashes and UNC shares", () => {
    assert.equal(uriToPath("file:///c%3A/Users/Dev/app/wrangler.jsonc", WIN32_PATHS), "c:\\Users\\Dev\\app\\wrangler.jsonc");
    assert.equal(uriToPath("file:///C:/Users/Dev/a%20b/x.ts", WIN32_PATHS), "c:\\Users\\Dev\\a b\\x.ts");
    assert.equal(uriToPath("file:///d%3A", WIN32_PATHS), "d:\\");
    assert.equal(uriToPath("file://server/share/app/wrangler.toml", WIN32_PATHS), "\\\\server\\share\\app\\wrangler.toml");
    // A path with no drive is not a Windows file.
    assert.equal(uriToPath("file:///home/dev/x.ts", WIN32_PATHS), undefined);
  });

  it("writes the form VS Code itself sends (lower-case drive, %3A), so the client matches it to its documents", () => {
    assert.equal(pathToUri("C:\\Users\\Dev\\app\\wrangler.jsonc", WIN32_PATHS), "file:///c%3A/Users/Dev/app/wrangler.jsonc");
    assert.equal(pathToUri("c:\\a b\\x.ts", WIN32_PATHS), "file:///c%3A/a%20b/x.ts");
    assert.equal(pathToUri("\\\\server\\share\\x.ts", WIN32_PATHS), "file://server/share/x.ts");
  });

  it("posix paths keep their case and their colons", () => {
    assert.equal(pathToUri("/home/Dev/a:b.ts", POSIX_PATHS), "file:///home/Dev/a%3Ab.ts");
    assert.equal(uriToPath("file:///home/Dev/a%3Ab.ts", POSIX_PATHS), "/home/Dev/a:b.ts");
  });
});
