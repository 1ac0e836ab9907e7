// The client still connects with the binding's old name.
export const connect = () => new WebSocket(`ws://${location.host}/agents/coder-agent/default`);
