/**
 * What the static engine tells the probe about the worker it runs: read by target.ts (which gathers
 * them) and verdict.ts (which words the verdict from them).
 */

export interface StaticFinding {
  ruleId: string;
  message: string;
  /** The preferred fix's title, and its text when it is one small edit (an export line). */
  fixTitle?: string;
  fixText?: string;
}

export interface ClientPrefixMismatch {
  route: string;
  clientPrefix: string;
  /** The prefix was the client's default, not written. */
  defaultPrefix: boolean;
  via: string;
  agent: string;
  /** The prefixes the worker's routeAgentRequest calls name. */
  routedPrefixes: string[];
}
