import * as crypto from "node:crypto";
import * as http from "node:http";
import type { Socket } from "node:net";

export interface HttpResult {
  url: string;
  status?: number;
  body: string;
  /** Connection refused, reset, or no answer in time. */
  error?: string;
  timedOut?: boolean;
}

export interface WebSocketResult {
  url: string;
  /** 101 when the upgrade was accepted, else the HTTP status of the refusal. */
  status?: number;
  /** Text frames received, in order (binary frames as a placeholder). */
  frames: string[];
  /** The body of a refused upgrade. */
  body?: string;
  error?: string;
  timedOut?: boolean;
}

const BODY_LIMIT = 64 * 1024;

/** GET url; never rejects. */
export function httpGet(url: string, timeoutMs: number, signal?: AbortSignal, headers: [string, string][] = []): Promise<HttpResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      request.destroy();
      resolve(result);
    };
    const request = http.get(url, { headers: { "user-agent": "do-doctor-probe", ...Object.fromEntries(headers) } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("end", () => finish({ url, status: response.statusCode, body }));
      response.on("error", (error) => finish({ url, status: response.statusCode, body, error: error.message }));
    });
    request.on("error", (error) => finish({ url, body: "", error: error.message }));
    const timer = setTimeout(() => finish({ url, body: "", error: `no answer within ${Math.round(timeoutMs / 1000)} s`, timedOut: true }), timeoutMs);
    const onAbort = () => finish({ url, body: "", error: "cancelled" });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface WebSocketProbeOptions {
  timeoutMs: number;
  /** Stop reading after this many frames. */
  maxFrames?: number;
  /** After the upgrade, keep reading until no frame came for this long. */
  quietMs?: number;
  signal?: AbortSignal;
  /** Extra request headers (credentials), sent with the upgrade. */
  headers?: [string, string][];
}

/**
 * A minimal WebSocket client over `http.request`: Node 20 has no client that reports the status of a
 * refused upgrade. Sends the upgrade, reads 101 and the first text frames, then closes cleanly.
 */
export function probeWebSocket(url: string, options: WebSocketProbeOptions): Promise<WebSocketResult> {
  const maxFrames = options.maxFrames ?? 5;
  const quietMs = options.quietMs ?? 700;
  return new Promise((resolve) => {
    const frames: string[] = [];
    let settled = false;
    let socket: Socket | undefined;
    let quietTimer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<WebSocketResult, "url" | "frames">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(quietTimer);
      options.signal?.removeEventListener("abort", onAbort);
      if (socket && !socket.destroyed) {
        // A masked close frame, status 1000, then the socket goes.
        try {
          socket.write(maskedFrame(0x8, Buffer.from([0x03, 0xe8])));
        } catch {
          // already closed
        }
        const closing = socket;
        setTimeout(() => closing.destroy(), 100).unref();
      }
      request.destroy();
      resolve({ url, frames, ...result });
    };
    const key = crypto.randomBytes(16).toString("base64");
    const request = http.request(url, {
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        "user-agent": "do-doctor-probe",
        ...Object.fromEntries(options.headers ?? []),
      },
    });
    request.on("upgrade", (response, upgraded, head) => {
      socket = upgraded;
      const status = response.statusCode ?? 101;
      let buffer: Buffer = Buffer.from(head);
      const armQuiet = () => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => finish({ status }), quietMs);
      };
      armQuiet();
      const read = () => {
        for (;;) {
          const frame = readFrame(buffer);
          if (!frame) return;
          buffer = buffer.subarray(frame.length);
          if (frame.opcode === 0x1 || frame.opcode === 0x0) frames.push(frame.payload.toString("utf8"));
          else if (frame.opcode === 0x2) frames.push(`<binary frame, ${frame.payload.length} bytes>`);
          else if (frame.opcode === 0x8) return finish({ status, error: closeReason(frame.payload) });
          else if (frame.opcode === 0x9) upgraded.write(maskedFrame(0xa, frame.payload));
          if (frames.length >= maxFrames) return finish({ status });
          armQuiet();
        }
      };
      upgraded.on("data", (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        read();
      });
      upgraded.on("error", (error) => finish({ status, error: error.message }));
      upgraded.on("close", () => finish({ status }));
      read();
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("end", () => finish({ status: response.statusCode, body, error: `the upgrade was refused with HTTP ${response.statusCode}` }));
    });
    request.on("error", (error) => finish({ error: error.message }));
    const timer = setTimeout(
      () => finish(socket ? { status: 101 } : { error: `no answer to the upgrade within ${Math.round(options.timeoutMs / 1000)} s`, timedOut: true }),
      options.timeoutMs,
    );
    const onAbort = () => finish({ error: "cancelled" });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    request.end();
  });
}

interface Frame {
  opcode: number;
  payload: Buffer;
  length: number;
}

/** One complete server frame at the start of buffer (servers never mask), or undefined if incomplete. */
export function readFrame(buffer: Buffer): Frame | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0] & 0x0f;
  const masked = (buffer[1] & 0x80) !== 0;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskKey = masked ? buffer.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  let payload = buffer.subarray(offset, offset + length);
  if (maskKey) payload = Buffer.from(payload.map((byte, i) => byte ^ maskKey[i % 4]));
  return { opcode, payload, length: offset + length };
}

/** Clients must mask every frame they send. */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const mask = crypto.randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x80 | opcode, 0x80 | payload.length]) : Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([header, mask, body]);
}

function closeReason(payload: Buffer): string | undefined {
  if (payload.length < 2) return undefined;
  const code = payload.readUInt16BE(0);
  if (code === 1000) return undefined;
  const reason = payload.subarray(2).toString("utf8");
  return `the server closed the connection with code ${code}${reason ? `: ${reason}` : ""}`;
}
