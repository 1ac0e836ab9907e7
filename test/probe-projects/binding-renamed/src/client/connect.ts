// The client still connects with the binding's old name.
export const AGENT_URL = "/agents/coder-agent/default";
