import * as z from "zod";
import type { CheckConfig } from "../config/checks";
import { boundedFetch } from "./bounded-fetch";
import type { CheckRunner } from "./check-kind";
import { parseJson, snippet } from "./reasons";

type DnsCheck = Extract<CheckConfig, { kind: "dns" }>;

/** RR type numbers of the types the check asks for (RFC 1035, RFC 3596). */
const TYPE_NUMBER = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;

/** DNS RCODEs a resolver may answer with. */
const RCODE: Record<number, string> = {
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
};

/** The DNS-over-HTTPS JSON answer (Cloudflare's and Google's `application/dns-json`). */
const dohAnswer = z.object({
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string() })).optional(),
});

/** Record data as compared: no quotes around TXT, no trailing dot, lower case. */
export function normalizeRecord(data: string): string {
  return data
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
}

/** `kind = "dns"`: one DoH question; the answers must include every `expect` value. */
export const runDnsCheck: CheckRunner<DnsCheck> = async (check, deps) => {
  const url = new URL(check.resolver);
  url.searchParams.set("name", check.name);
  url.searchParams.set("type", check.type);
  const label = `${check.name} ${check.type}`;
  const failed = (reason: string) => [{ code: "dns_check_failed" as const, reason: `${label}: ${reason}` }];
  const res = await boundedFetch(deps.fetch, url.href, {
    timeoutMs: deps.timeoutMs,
    now: deps.now,
    headers: { accept: "application/dns-json" },
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
  });
  if (!res.ok) return failed(`resolver: ${res.reason}`);
  if (res.status !== 200) return failed(`resolver answered HTTP ${res.status}: ${snippet(res.body)}`);
  const json = parseJson(res.body);
  const parsed = json.ok ? dohAnswer.safeParse(json.value) : undefined;
  if (!parsed?.success) return failed(`resolver answer is not DNS JSON: ${snippet(res.body)}`);
  const { Status, Answer = [] } = parsed.data;
  if (Status !== 0) return failed(`${RCODE[Status] ?? `RCODE ${Status}`}`);
  const answers = Answer.filter((a) => a.type === TYPE_NUMBER[check.type]).map((a) =>
    normalizeRecord(a.data),
  );
  if (answers.length === 0) return failed(`no ${check.type} records`);
  const missing = (check.expect ?? []).filter((e) => !answers.includes(normalizeRecord(e)));
  if (missing.length > 0) return failed(`answers ${answers.join(", ")}; missing ${missing.join(", ")}`);
  return [];
};
