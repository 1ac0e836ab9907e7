// `node bench/heapDiff.mjs <earlier.heapsnapshot> <later.heapsnapshot> [--top 30]`
//
// Compares two V8 heap snapshots (of the same process, e.g. bench/soak.mjs --snapshots 1000,9000)
// by what is alive in each: node count and self size per constructor (or node type for strings,
// code, arrays...), and prints the groups that grew most. Reads the .heapsnapshot JSON directly;
// only nodes reachable from the roots are counted (a snapshot also lists unreachable ones).
import { readFileSync } from "node:fs";

function load(file) {
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  const meta = snapshot.snapshot.meta;
  const nodeFields = meta.node_fields;
  const edgeFields = meta.edge_fields;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = nodeFields.length;
  const E = edgeFields.length;
  const { nodes, edges, strings } = snapshot;
  const typeAt = nodeFields.indexOf("type");
  const nameAt = nodeFields.indexOf("name");
  const sizeAt = nodeFields.indexOf("self_size");
  const edgeCountAt = nodeFields.indexOf("edge_count");
  const edgeTypeAt = edgeFields.indexOf("type");
  const toAt = edgeFields.indexOf("to_node");
  const weak = edgeTypes.indexOf("weak");
  const count = nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + edgeCountAt] * E;
    firstEdge[i + 1] = e;
  }
  // Reachable from the root (node 0) through strong edges.
  const seen = new Uint8Array(count);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const i = stack.pop();
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      if (edges[e + edgeTypeAt] === weak) continue;
      const to = edges[e + toAt] / N;
      if (!seen[to]) {
        seen[to] = 1;
        stack.push(to);
      }
    }
  }
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (!seen[i]) continue;
    const type = nodeTypes[nodes[i * N + typeAt]];
    const name = strings[nodes[i * N + nameAt]];
    const key = type === "object" || type === "closure" ? `${type} ${name}` : type === "native" ? `native ${name.slice(0, 60)}` : type;
    const size = nodes[i * N + sizeAt];
    total += size;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += size;
    groups.set(key, g);
  }
  return { groups, total, count };
}

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const top = Number(args[args.indexOf("--top") + 1]) || 30;
if (files.length !== 2) {
  console.error("usage: node bench/heapDiff.mjs <earlier.heapsnapshot> <later.heapsnapshot> [--top N]");
  process.exit(2);
}
const [a, b] = files.map(load);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
console.log(`reachable: ${mb(a.total)} MB -> ${mb(b.total)} MB`);
const keys = new Set([...a.groups.keys(), ...b.groups.keys()]);
const rows = [...keys].map((key) => {
  const x = a.groups.get(key) ?? { count: 0, size: 0 };
  const y = b.groups.get(key) ?? { count: 0, size: 0 };
  return { key, count: y.count - x.count, size: y.size - x.size, before: x, after: y };
});
rows.sort((p, q) => Math.abs(q.size) - Math.abs(p.size));
for (const r of rows.slice(0, top)) console.log(`${(r.size >= 0 ? "+" : "") + mb(r.size)} MB  ${(r.count >= 0 ? "+" : "") + r.count} (${r.before.count} -> ${r.after.count})  ${r.key}`);
