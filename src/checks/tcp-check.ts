import { connect } from "cloudflare:sockets";
import type { CheckConfig } from "../config/checks";
import type { CheckRunner, ConnectFn } from "./check-kind";

type TcpCheck = Extract<CheckConfig, { kind: "tcp" }>;

/** Most of a banner read before giving up on finding the expected text. */
const BANNER_MAX_BYTES = 4096;

class Deadline extends Error {}

/** Reads until `expected` shows up, the first line ends (banners are one line), the server closes, or the cap. */
async function readBanner(readable: ReadableStream<Uint8Array>, expected: string): Promise<string> {
  const reader = readable.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    while (!text.includes(expected) && !text.includes("\n") && bytes < BANNER_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 120);

/** `kind = "tcp"`: connect with `cloudflare:sockets`, read the banner if one is expected, close. */
export const runTcpCheck: CheckRunner<TcpCheck> = async (check, deps) => {
  const open: ConnectFn = deps.connect ?? connect;
  const target = `${check.host}:${check.port}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`timeout after ${deps.timeoutMs} ms`)), deps.timeoutMs);
  });
  let socket: ReturnType<ConnectFn> | undefined;
  try {
    socket = open({ hostname: check.host, port: check.port });
    // A refused connection also rejects `closed`; `opened` already reports it.
    socket.closed.catch(() => {});
    await Promise.race([socket.opened, deadline]);
    if (check.expectBanner === undefined) return [];
    const banner = await Promise.race([readBanner(socket.readable, check.expectBanner), deadline]);
    if (banner.includes(check.expectBanner)) return [];
    const got = banner === "" ? "nothing" : JSON.stringify(oneLine(banner));
    return [
      {
        code: "tcp_check_failed",
        reason: `${target} sent ${got}, expected ${JSON.stringify(check.expectBanner)}`,
      },
    ];
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const when = error instanceof Deadline ? why : `connection failed: ${why}`;
    return [{ code: "tcp_check_failed", reason: `${target}: ${when}` }];
  } finally {
    clearTimeout(timer);
    socket?.close().catch(() => {});
  }
};
