import * as z from "zod";
import { LEVELS, type Level } from "../config/schema";
import { REMEDIATION_ACTIONS, type RemediationAction } from "./remediation-actions";
import type { IncidentView } from "./types";

export { REMEDIATION_ACTIONS, type RemediationAction } from "./remediation-actions";

/** What a signed link lets its holder do. */
export const LINK_ACTIONS = ["acknowledge", "resolve", "note", ...REMEDIATION_ACTIONS] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** True for a link that asks the agent to act rather than the incident to change. */
export function isRemediation(action: LinkAction): action is RemediationAction {
  return (REMEDIATION_ACTIONS as readonly string[]).includes(action);
}

/** The signed payload of an action link (short keys keep URLs short). */
export const linkClaimsSchema = z.object({
  /** Incident id. */
  i: z.string().min(1).max(200),
  /** Action. */
  a: z.enum(LINK_ACTIONS),
  /** Level of the recipient the link was sent to. */
  l: z.enum(LEVELS),
  /** Incident epoch; links of older epochs are refused. */
  e: z.number().int().min(0),
  /** Issued at, epoch ms. */
  t: z.number().int(),
  /** Expires at, epoch ms. */
  x: z.number().int(),
});
export type LinkClaims = z.infer<typeof linkClaimsSchema>;

/** Why a link was refused before reaching the Durable Object. */
export type LinkErrorCode = "malformed" | "bad_signature" | "expired" | "wrong_action";

/** A refused link; the HTTP edge maps `code` to a status and a page. */
export class LinkError extends Error {
  constructor(readonly code: LinkErrorCode) {
    super(`action link refused: ${code}`);
    this.name = "LinkError";
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes only the one spelling `toBase64Url` produces: no padding, and the unused low bits of
 * the last character zero. Otherwise `…Q` and `…R` would decode alike, and one signed token
 * would have several valid spellings that anything keyed on the token text tells apart.
 */
function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let bytes: Uint8Array;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  return toBase64Url(bytes) === text ? bytes : undefined;
}

/** Signs claims into a URL-safe token: base64url(JSON) "." base64url(HMAC-SHA256). */
export async function signLink(secret: string, claims: LinkClaims): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify(claims)));
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(mac))}`;
}

/**
 * Verifies a token (signature in constant time via `crypto.subtle.verify`) and its expiry.
 * With `expected`, a token for another action is refused as `wrong_action`.
 */
export async function verifyLink(
  secret: string,
  token: string,
  now: number,
  expected?: LinkAction,
): Promise<LinkClaims> {
  const parts = token.split(".");
  const [body, sig] = parts;
  if (parts.length !== 2 || !body || !sig) throw new LinkError("malformed");
  const mac = fromBase64Url(sig);
  if (!mac) throw new LinkError("malformed");
  // The signature is checked before the payload is even parsed: nothing unsigned is trusted.
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(body));
  if (!ok) throw new LinkError("bad_signature");
  const raw = fromBase64Url(body);
  if (!raw) throw new LinkError("malformed");
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(raw));
  } catch {
    throw new LinkError("malformed");
  }
  const claims = linkClaimsSchema.safeParse(json);
  if (!claims.success) throw new LinkError("malformed");
  if (now >= claims.data.x) throw new LinkError("expired");
  if (expected && claims.data.a !== expected) throw new LinkError("wrong_action");
  return claims.data;
}

/** The page behind a token: `${publicUrl}/a/${token}`. */
export function actionUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/a/${token}`;
}

/** The status page of one incident. */
export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/status/incidents/${encodeURIComponent(incidentId)}`;
}

/** What `linksFor` needs besides the incident: the link key, where the Worker lives, the clock. */
export interface LinkContext {
  /** The action-link key (LINK_SIGNING_KEY); used for nothing else. */
  key: string;
  /** `config.publicUrl`. */
  publicUrl: string;
  /** `config.linkTtl` in milliseconds. */
  ttlMs: number;
  now: number;
}

/** Links for one recipient of one message: Acknowledge, Resolve, Note and Open buttons. */
export interface IncidentLinks {
  acknowledge: string;
  resolve: string;
  note: string;
  /** The incident's status page; `?link=` carries a note token so it opens without the admin token. */
  open: string;
}

/** Builds the signed links a message to `level` carries for this incident and epoch. */
export async function linksFor(
  view: Pick<IncidentView, "id" | "epoch">,
  level: Level,
  ctx: LinkContext,
): Promise<IncidentLinks> {
  const sign = (a: LinkAction) =>
    signLink(ctx.key, { i: view.id, a, l: level, e: view.epoch, t: ctx.now, x: ctx.now + ctx.ttlMs });
  const [acknowledge, resolve, note] = await Promise.all([
    sign("acknowledge"),
    sign("resolve"),
    sign("note"),
  ]);
  return {
    acknowledge: actionUrl(ctx.publicUrl, acknowledge),
    resolve: actionUrl(ctx.publicUrl, resolve),
    note: actionUrl(ctx.publicUrl, note),
    open: `${incidentUrl(ctx.publicUrl, view.id)}?link=${note}`,
  };
}

/** A signed remediation link ("Restart bot", "Full restart") for one recipient level. */
export async function remediationLink(
  view: Pick<IncidentView, "id" | "epoch">,
  level: Level,
  action: RemediationAction,
  ctx: LinkContext,
): Promise<string> {
  const claims = { i: view.id, a: action, l: level, e: view.epoch, t: ctx.now, x: ctx.now + ctx.ttlMs };
  return actionUrl(ctx.publicUrl, await signLink(ctx.key, claims));
}
