import { getHeapSpaceStatistics } from "node:v8";

/** Custom request: the server's memory, after a full collection when the process allows one (benchmarks and soak tests). */
export const MEMORY_REQUEST = "doDoctor/memory";

export interface MemoryReport {
  /** Whether a full collection ran first: only when Node was started with `--expose-gc`. */
  collected: boolean;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Bytes committed per V8 heap space (new_space, old_space, code_space, large_object_space...). */
  spaces: Record<string, number>;
  /** Parsed modules kept by the server's module store (one per file it read, while the file exists). */
  modules: number;
}

/** `process.memoryUsage()`, after `gc()` when asked and exposed (never otherwise: a client cannot make the server collect). */
export function memoryReport(collect: boolean, modules: number): MemoryReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = collect && typeof gc === "function";
  if (collected) gc!();
  const usage = process.memoryUsage();
  return { collected, rss: usage.rss, heapTotal: usage.heapTotal, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])), modules };
}
