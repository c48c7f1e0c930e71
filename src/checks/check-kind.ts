import type { FetchFn } from "./bounded-fetch";
import type { FindingCode } from "./types";

/** One failure a general check saw: its finding code and the finding's measured fields. */
export interface CheckIssue {
  code: FindingCode;
  /** Raw technical cause, e.g. "HTTP 503, expected 200". */
  reason: string;
  value?: number;
  threshold?: number;
}

/** Opens a TCP connection; `connect` from `cloudflare:sockets`, or a test's own. */
export type ConnectFn = (address: { hostname: string; port: number }) => {
  opened: Promise<unknown>;
  closed: Promise<void>;
  readable: ReadableStream<Uint8Array>;
  close(): Promise<void>;
};

/** Injected I/O of a general check; `timeoutMs` is the check's own or the service's. */
export interface CheckDeps {
  fetch: FetchFn;
  now: () => number;
  timeoutMs: number;
  /** Sent as `User-Agent` by HTTP-based checks (`probeUserAgent`). */
  userAgent?: string;
  /** TCP connections; `cloudflare:sockets` when not given. */
  connect?: ConnectFn;
}

/** A check kind's runner: never throws, returns what failed (nothing when healthy). */
export type CheckRunner<C> = (check: C, deps: CheckDeps) => Promise<CheckIssue[]>;
