import * as assert from "node:assert/strict";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { clientPrefixKey, isBrokenRouterPrefix, routerPrefixParts, segmentAfter } from "../../server/src/facts/agentRoutes";
import { agentNamespace } from "../../server/src/naming/agentNamespace";
import { REPO_ROOT } from "../support/fixtures";

/**
 * The engine's model of agent routing against the Agents SDK itself (the version examples/coder-agent
 * installs from its lockfile): for every prefix and path of a table, whether the real routeAgentRequest
 * routes the request (and to which binding) must be what the engine predicts.
 */

type Router = (request: Request, env: Record<string, unknown>, options?: { prefix?: string }) => Promise<Response | null>;

// The SDK is an ES module; compiled tests are CommonJS, whose import() would become require().
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ routeAgentRequest: Router }>;

const PREFIXES = ["agents", "", "api/agents", "/agents", "agents/", "/api/agents", "api/agents/", "api//agents", "v1", "Agents"];
const PATHS = [
  "/agents/coder-agent/default",
  "/api/agents/coder-agent/default",
  "/api/agents/coder-agent/default/sub/path",
  "/agents/CoderAgent/default",
  "/agents/coder-agent",
  "/agents/nope/default",
  "//agents//coder-agent//default",
  "/v1/coder-agent/room-1?x=1",
  "/x/agents/coder-agent/default",
];

/** What the engine predicts: null (not routed), or the binding the namespace segment names ("?" for none). */
function predicted(prefix: string, pathText: string, bindings: string[]): string | null {
  if (isBrokenRouterPrefix({ prefix, span: { start: 0, end: 0 } })) return null;
  const segment = segmentAfter({ text: pathText }, routerPrefixParts(prefix).join("/"));
  if (!segment) return null;
  return bindings.find((binding) => agentNamespace(binding) === segment.namespace) ?? "?";
}

describe("agent routing as the installed Agents SDK does it", function () {
  this.timeout(20_000);
  let routeAgentRequest: Router;
  before(async () => {
    const file = path.join(REPO_ROOT, "examples", "coder-agent", "node_modules", "agents", "dist", "agent-routing.js");
    ({ routeAgentRequest } = await importModule(pathToFileURL(file).href));
  });

  const bindings = ["CoderAgent", "CODER_AGENT_TWO"];
  for (const prefix of PREFIXES) {
    it(`prefix ${JSON.stringify(prefix)}`, async () => {
      for (const pathText of PATHS) {
        const reached: string[] = [];
        const env: Record<string, unknown> = {};
        for (const binding of bindings) {
          env[binding] = { idFromName: (name: string) => name, get: () => ({ fetch: async () => (reached.push(binding), new Response("agent")) }) };
        }
        const silence = console.error;
        console.error = () => {};
        let response: Response | null;
        try {
          response = await routeAgentRequest(new Request(`http://x${pathText}`), env, { prefix });
        } finally {
          console.error = silence;
        }
        const actual = response === null ? null : response.status === 400 ? "?" : (reached[0] ?? `status ${response.status}`);
        assert.equal(predicted(prefix, pathText, bindings), actual, `prefix ${JSON.stringify(prefix)}, path ${pathText}`);
      }
    });
  }

  it("a client's prefix reaches the router as the path it builds (`${prefix}/${agent}/${name}`, empty parts dropped)", async () => {
    for (const clientPrefix of ["agents", "/agents", "agents/", "/api/agents/", "api//agents"]) {
      // partysocket builds `${protocol}://${host}/${prefix}/${party}/${room}`.
      const url = `http://x/${clientPrefix}/coder-agent/default`;
      const routedUnder = ["agents", "api/agents"].find((prefix) => prefix === clientPrefixKey(clientPrefix));
      assert.ok(routedUnder, clientPrefix);
      const env = { CoderAgent: { idFromName: (n: string) => n, get: () => ({ fetch: async () => new Response("agent") }) } };
      const response = await routeAgentRequest(new Request(url), env, { prefix: routedUnder });
      assert.equal(response?.status, 200, `${clientPrefix} under ${routedUnder}`);
    }
  });
});
