import * as z from "zod";
import { FINDING_CODES, SEVERITIES } from "../checks/types";
import { duration } from "./duration";
import { httpUrl } from "./http-url";

/** Per-check severity overrides by finding code, over the service's `severities` and the defaults. */
const severities = z.partialRecord(z.enum(FINDING_CODES), z.enum(SEVERITIES)).default({});

/** A check's own timeout: 100 ms to 30 s. */
const timeout = duration.pipe(
  z.number().min(100, "must be at least 100ms").max(30_000, "must be at most 30s"),
);

/** `$`, then `.name` or `[index]` steps: the subset of JSONPath a health body needs. */
export const JSON_PATH = /^\$(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;

/** `kind = "http"`: one GET through the bounded fetch, compared with `expect`. */
export const httpCheckSchema = z.object({
  kind: z.literal("http"),
  /** Shown in findings; the URL's host and path when omitted. */
  name: z.string().min(1).max(100).optional(),
  /** The URL fetched; a redirect is a failure, never followed. */
  url: httpUrl,
  /** What a healthy answer looks like. */
  expect: z
    .object({
      /** Accepted status codes. */
      status: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
      /** Text the body must contain. */
      bodyContains: z.string().min(1).optional(),
      /** A JSON value the body must hold at `path`, e.g. `{ path = "$.status", equals = "ok" }`. */
      jsonPath: z
        .object({
          /** `$.a.b[0]`: dot names and array indices. */
          path: z.string().regex(JSON_PATH, 'must look like "$.status" or "$.items[0].state"'),
          /** The value expected there (compared as JSON). */
          equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        })
        .optional(),
      /** Slower than this is `http_check_slow`. */
      maxLatency: duration.optional(),
    })
    .prefault({}),
  /** Per-request timeout; the service's `thresholds.timeout` when omitted. */
  timeout: timeout.optional(),
  severities,
});

/** `kind = "tcp"`: connect (and read a banner when one is expected), then close. */
export const tcpCheckSchema = z.object({
  kind: z.literal("tcp"),
  /** Shown in findings; `host:port` when omitted. */
  name: z.string().min(1).max(100).optional(),
  /** Host name or address. */
  host: z.string().min(1).max(253),
  /** TCP port. */
  port: z.number().int().min(1).max(65_535),
  /** Text the server's first bytes must contain (SMTP's "220", SSH's "SSH-2.0"). */
  expectBanner: z.string().min(1).max(200).optional(),
  /** Connect (and banner) timeout; the service's `thresholds.timeout` when omitted. */
  timeout: timeout.optional(),
  severities,
});

/** DNS record types the `dns` check can ask for. */
export const DNS_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;

/** `kind = "dns"`: one DNS-over-HTTPS question (RFC 8484 JSON form), answers compared with `expect`. */
export const dnsCheckSchema = z.object({
  kind: z.literal("dns"),
  /** Shown in findings; `name type` when omitted. */
  name: z.string().min(1).max(253),
  /** Record type asked for. */
  type: z.enum(DNS_TYPES).default("A"),
  /** Answers that must all be present (e.g. the server's address); any answer will do when omitted. */
  expect: z.array(z.string().min(1)).min(1).optional(),
  /** DNS-over-HTTPS JSON endpoint, asked `?name=…&type=…`. */
  resolver: httpUrl.default("https://cloudflare-dns.com/dns-query"),
  /** Request timeout; the service's `thresholds.timeout` when omitted. */
  timeout: timeout.optional(),
  severities,
});

/** One general check beside `/health`; each kind has one module in src/checks. */
export const checkSchema = z.discriminatedUnion("kind", [httpCheckSchema, tcpCheckSchema, dnsCheckSchema]);
/** A parsed general check. */
export type CheckConfig = z.infer<typeof checkSchema>;
/** The kinds of general checks. */
export type CheckKind = CheckConfig["kind"];
