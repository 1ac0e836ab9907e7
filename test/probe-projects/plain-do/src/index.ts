import { DurableObject } from "cloudflare:workers";

interface Env {
  COUNTER: DurableObjectNamespace<Counter>;
  ECHO: DurableObjectNamespace<Echo>;
}

export class Counter extends DurableObject<Env> {
  async increment(): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + 1;
    await this.ctx.storage.put("value", value);
    return value;
  }
}

export class Echo extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    return new Response(`echo ${new URL(request.url).pathname}`);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/count") return new Response(String(await env.COUNTER.get(env.COUNTER.idFromName("main")).increment()));
    if (url.pathname.startsWith("/echo/")) return env.ECHO.get(env.ECHO.idFromName("main")).fetch(request);
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
