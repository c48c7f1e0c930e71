/** Header carrying the request's Unix time in seconds. */
export const TIMESTAMP_HEADER = "X-Watchdog-Timestamp";
/** Header carrying the hex HMAC-SHA256 signature. */
export const SIGNATURE_HEADER = "X-Watchdog-Signature";
/** How far a request's timestamp may be from the verifier's clock. */
export const MAX_SKEW_SECONDS = 60;

const encoder = new TextEncoder();

/**
 * What a signature covers besides the time. The host binds it to one agent: a request
 * captured on its way to one agent cannot be replayed to another that shares the secret.
 */
export interface SignedRequest {
  method: string;
  /** Host name, with the port only when it is not 80 or 443 (see {@link signedHost}). */
  host: string;
  /** Pathname plus query, exactly as sent. */
  path: string;
  /** Hex SHA-256 of the body, for requests that carry one (agent actions); absent for GETs. */
  bodySha256?: string;
}

/** The exact bytes that are signed: timestamp, method, host, path and any body hash, one per line. */
export function canonicalRequest(timestamp: string, request: SignedRequest): string {
  const base = `${timestamp}\n${request.method.toUpperCase()}\n${signedHost(request.host)}\n${request.path}`;
  return request.bodySha256 === undefined ? base : `${base}\n${request.bodySha256.toLowerCase()}`;
}

/** Hex SHA-256 of a request body, as `bodySha256` carries it. */
export async function sha256Hex(body: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(body)));
}

/**
 * The host as signed: lower case, without a default port. The Worker signs the `agentUrl`'s
 * host and the agent sees a `Host` header; a proxy may add `:443` or `:80`, which names the
 * same agent, so both sides drop it.
 */
export function signedHost(host: string): string {
  return host.toLowerCase().replace(/:(?:80|443)$/, "");
}

async function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    usage,
  ]);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The hex HMAC-SHA256 of `message` under `secret` (agent requests, heartbeat tokens, webhook bodies). */
export async function hmacHex(secret: string, message: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(message)));
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
  const out = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** What is signed and verified of a request to `url`: its method, host and pathname plus query. */
export function signedRequestOf(method: string, url: URL): SignedRequest {
  return { method, host: url.host, path: url.pathname + url.search };
}

/** Signs one agent request; returns the two headers to send. */
export async function signRequest(
  secret: string,
  request: SignedRequest,
  nowMs: number,
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const key = await hmacKey(secret, "sign");
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(canonicalRequest(timestamp, request)));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: toHex(mac) };
}

/** Why a signature was refused. */
export type SignatureFailure = "missing" | "malformed" | "stale" | "mismatch";

/** Outcome of verifying a request signature. */
export type SignatureCheck = { ok: true } | { ok: false; failure: SignatureFailure };

/**
 * Verifies an agent request. `crypto.subtle.verify` compares the MAC in constant time,
 * so no byte-by-byte comparison of secrets happens here.
 */
export async function verifyRequest(
  secret: string,
  request: SignedRequest,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  nowMs: number,
  maxSkewSeconds = MAX_SKEW_SECONDS,
): Promise<SignatureCheck> {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, failure: "missing" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, failure: "malformed" };
  const mac = fromHex(signature);
  if (mac?.length !== 32) return { ok: false, failure: "malformed" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return { ok: false, failure: "stale" };
  const key = await hmacKey(secret, "verify");
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    mac,
    encoder.encode(canonicalRequest(timestamp, request)),
  );
  return valid ? { ok: true } : { ok: false, failure: "mismatch" };
}
