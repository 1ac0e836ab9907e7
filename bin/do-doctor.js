#!/usr/bin/env node
"use strict";
// The CLI is bundled by `npm run build` (run by `npm install` through `prepare`).
const path = require("node:path");
const fs = require("node:fs");
const bundle = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(bundle)) {
  process.stderr.write("do-doctor: the CLI is not built yet; run `npm run build` in " + path.dirname(__dirname) + "\n");
  process.exit(2);
}
loadWithCodeCache(bundle);

/**
 * Compiling the ~0.9 MB bundle is a third of a small project's whole run. V8 can skip it with the
 * code it compiled last time: kept beside the bundle (where the package is installed, never in a
 * shared temporary folder), written once at exit, rebuilt when V8 rejects it (another Node), named
 * by the bundle's fingerprint (another build). DO_DOCTOR_CODE_CACHE=off turns it off; any failure
 * falls back to a plain require.
 */
function loadWithCodeCache(file) {
  if (process.env.DO_DOCTOR_CODE_CACHE === "off") return require(file);
  // V8 checks only the source's length before using a cache: the build's fingerprint of the bundle
  // names the cache, so that another build of the same length never runs this one's old code.
  let fingerprint;
  try {
    fingerprint = fs.readFileSync(`${file}.id`, "utf8").trim();
  } catch {
    return require(file);
  }
  if (!/^[0-9a-f]{8,64}$/.test(fingerprint)) return require(file);
  const cacheFile = `${file}.${fingerprint}.${process.version}-${process.arch}.v8cache`;
  let script;
  let source;
  try {
    const vm = require("node:vm");
    const Module = require("node:module");
    source = fs.readFileSync(file, "utf8");
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    const compiled = script.runInThisContext();
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    mod.loaded = true;
    if (!cachedData || script.cachedDataRejected) process.once("exit", () => writeCodeCache(script, cacheFile));
    const moduleRequire = Module.createRequire(file);
    return compiled.call(mod.exports, mod.exports, moduleRequire, mod, file, path.dirname(file));
  } catch (error) {
    // Only failures before the bundle ran fall back; the CLI's own errors are its own to report.
    if (script === undefined) return require(file);
    throw error;
  }
}

function writeCodeCache(script, cacheFile) {
  try {
    // After the run: the functions it compiled on the way are in the cache too.
    const data = script.createCachedData();
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, cacheFile);
  } catch {
    // A read-only install keeps working, just without the cache.
  }
}
