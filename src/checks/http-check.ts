import type { CheckConfig } from "../config/checks";
import { boundedFetch } from "./bounded-fetch";
import type { CheckIssue, CheckRunner } from "./check-kind";
import { parseJson, snippet } from "./reasons";

type HttpCheck = Extract<CheckConfig, { kind: "http" }>;

/** The value at a `$.a.b[0]` path, or `undefined` when the path leads nowhere. */
export function valueAt(json: unknown, path: string): unknown {
  let here: unknown = json;
  for (const [, key, index] of path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)) {
    if (index !== undefined) here = Array.isArray(here) ? here[Number(index)] : undefined;
    else if (key !== undefined && typeof here === "object" && here !== null && !Array.isArray(here))
      here = Object.hasOwn(here, key) ? (here as Record<string, unknown>)[key] : undefined;
    else here = undefined;
  }
  return here;
}

/** `kind = "http"`: GET through the bounded fetch (no redirects followed), then `expect`. */
export const runHttpCheck: CheckRunner<HttpCheck> = async (check, deps) => {
  const res = await boundedFetch(deps.fetch, check.url, {
    timeoutMs: deps.timeoutMs,
    now: deps.now,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
  });
  if (!res.ok) return [{ code: "http_check_failed", reason: res.reason }];
  const issues: CheckIssue[] = [];
  const failed = (reason: string) => issues.push({ code: "http_check_failed", reason });
  const { status, bodyContains, jsonPath, maxLatency } = check.expect;
  if (!status.includes(res.status))
    failed(`HTTP ${res.status}, expected ${status.join(" or ")}: ${snippet(res.body)}`);
  else if (bodyContains !== undefined && !res.body.includes(bodyContains))
    failed(`body does not contain ${JSON.stringify(bodyContains)}: ${snippet(res.body)}`);
  else if (jsonPath) {
    const json = parseJson(res.body);
    if (!json.ok) failed(`body is not JSON: ${snippet(res.body)}`);
    else {
      const actual = valueAt(json.value, jsonPath.path);
      if (JSON.stringify(actual) !== JSON.stringify(jsonPath.equals))
        failed(
          `${jsonPath.path} is ${actual === undefined ? "missing" : JSON.stringify(actual)}, expected ${JSON.stringify(jsonPath.equals)}`,
        );
    }
  }
  if (maxLatency !== undefined && res.latencyMs > maxLatency) {
    issues.push({
      code: "http_check_slow",
      value: res.latencyMs,
      threshold: maxLatency,
      reason: `answered in ${res.latencyMs} ms`,
    });
  }
  return issues;
};
