import type { Span } from "../text/positions";

/** `import { imported as local } from "module"`; imported is "default" or "*" for those forms. */
export interface ImportBinding {
  local: string;
  imported: string;
  module: string;
  /** `import type { A }`, `import { type A }`: erased by the build, never a value at run time. */
  typeOnly?: true;
}

/**
 * One name a module exports. Either a local name of the module (`local`), or a re-export of
 * `imported` from `from` ("*" for `export * as ns from`).
 */
export interface ExportEntry {
  exported: string;
  local?: string;
  from?: string;
  imported?: string;
  span: Span;
  /** `export type { A }`, `export { type A }`: erased by the build, so nothing is exported at run time. */
  typeOnly?: true;
}

export interface StarExport {
  from: string;
  span: Span;
  /** `export type * from`: erased by the build. */
  typeOnly?: true;
}

/** What a class extends, as written: `Agent<Env>` -> root "Agent"; `party.Server` -> root "party", member "Server". */
export interface Heritage {
  root: string;
  member?: string;
  span: Span;
}

export interface ClassDeclaration {
  name: string;
  nameSpan: Span;
  /** Where an `export ` keyword would go (the start of the declaration, after decorators). */
  insertExportAt: number;
  hasExportModifier: boolean;
  hasDefaultModifier: boolean;
  heritage?: Heritage;
  /** The class body touches SQLite storage (`this.sql`, `storage.sql`). */
  usesSqlStorage: boolean;
  /** `declare class A`: a type declaration only; no class exists at run time. */
  ambient?: true;
}

export type NamespaceMethod =
  | "idFromName"
  | "idFromString"
  | "newUniqueId"
  | "getByName"
  | "jurisdiction"
  | "getAgentByName"
  | "getServerByName";

/** `env.X.idFromName(...)`, `getAgentByName(env.X, ...)`: X used as a Durable Object namespace. */
export interface EnvNamespaceUse {
  binding: string;
  method: NamespaceMethod;
  /** The span of `X` in `env.X`. */
  span: Span;
}

export type AgentRefVia = "useAgent" | "AgentClient" | "agentFetch" | "url";

/** A client naming an agent: the `agent:` option of the clients, or a literal `/agents/<ns>/...` URL. */
export interface ClientAgentRef {
  via: AgentRefVia;
  /** The agent option as written, or the URL text. */
  text: string;
  /** Span of the string's contents (without quotes). */
  span: Span;
  /** The `prefix:` option given to the client, if any (a string literal), and its contents' span. */
  prefix?: string;
  prefixSpan?: Span;
  /** The client has a `basePath` option: it connects to the app's own path, not /<prefix>/<agent>/. */
  basePath?: boolean;
  /** Only the literal head of a template (`/agents/${ns}/...`): text ends where code begins. */
  partial?: boolean;
  /** Client calls: the callee as written, `useAgent`, an alias, or `ns.useAgent`. */
  callee?: string;
  /** Client calls: the options give a `host` (another origin than the page's). */
  host?: boolean;
  /** Client calls: the `name:` option (the instance name) as a string literal, and its contents' span. */
  name?: string;
  nameSpan?: Span;
  /** URLs: the call that requests it, `fetch`, `SELF.fetch`, `new WebSocket`... */
  request?: string;
  /** URLs: the literal follows a placeholder (`${origin}/agents/...`): where the path starts is assumed. */
  afterPlaceholder?: boolean;
}

/** A `routeAgentRequest(request, env, { prefix })` call: the prefix the worker routes agents under. */
export interface RoutePrefix {
  prefix: string;
  span: Span;
  /**
   * The options are no object literal, or may set `prefix` in a way not written as a string literal
   * (a variable, a spread, a computed key): the prefix is unknown here (`prefix` is then "agents").
   */
  dynamic?: boolean;
}

/** The McpAgent handlers: `X.serve(path, options)`, `X.serveSSE(...)`, `X.mount(...)`. */
export type McpServeMethod = "serve" | "serveSSE" | "mount";

/**
 * `X.serve(path, { binding })` where X is a plain identifier (whether X is an McpAgent class is judged
 * later, from the module's classes and imports): the handler looks the Durable Object binding up in
 * `env` by name, `MCP_OBJECT` unless the options name another.
 */
export interface McpServe {
  /** X as written. */
  className: string;
  method: McpServeMethod;
  /** The span of X. */
  span: Span;
  /** The `binding:` option as a string literal, and its contents' span. */
  binding?: string;
  bindingSpan?: Span;
  /** The binding may be set in a way not written as a literal (options not an object literal, a spread, a computed key): not known. */
  dynamicBinding?: true;
}

export interface ModuleImport {
  module: string;
  span: Span;
}

/**
 * `const X = Sentry.instrumentDurableObjectWithSentry(options, Base)` (and the other instrumentation
 * wrappers of CLASS_WRAPPERS): a top-level name whose value is the class `wraps` names, instrumented.
 * Binding and exporting X binds and exports that class, kind and storage included.
 */
export interface WrappedClass {
  name: string;
  /** The local name of the wrapped class, as written in the call. */
  wraps: string;
}

/** Everything the checker reads from one source file, without a type checker. */
export interface ModuleInfo {
  file: string;
  imports: ImportBinding[];
  /** Every module specifier imported or re-exported, for the graph walk. */
  moduleRequests: ModuleImport[];
  exports: ExportEntry[];
  starExports: StarExport[];
  classes: ClassDeclaration[];
  envUses: EnvNamespaceUse[];
  agentRefs: ClientAgentRef[];
  routePrefixes: RoutePrefix[];
  mcpServes: McpServe[];
  wrappedClasses: WrappedClass[];
  /** The module has an `export default` of some kind. */
  hasDefaultExport: boolean;
}
