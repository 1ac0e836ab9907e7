/**
 * The URL namespace the Agents SDK derives from a binding name (and clients from their `agent`
 * option): kebab-case per capital letter, as the SDK's own helper does it.
 * CoderAgent -> coder-agent, CODER_AGENT -> coder-agent, AIAssistant -> a-i-assistant.
 */
export function agentNamespace(name: string): string {
  if (name === name.toUpperCase() && name !== name.toLowerCase()) {
    return name.toLowerCase().replace(/_/g, "-");
  }
  let kebab = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  if (kebab.startsWith("-")) kebab = kebab.slice(1);
  return kebab.replace(/_/g, "-").replace(/-$/, "");
}

/** What a person would expect the namespace to be (acronyms kept together): AIAssistant -> ai-assistant. */
export function naiveKebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

/** A routing prefix as routeAgentRequest and the clients compare it: without surrounding slashes. */
export function routePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, "");
}
