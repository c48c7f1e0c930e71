import type * as z from "zod";

/** A short single-line excerpt of a body for a reason (bodies may be HTML error pages). */
export function snippet(body: string, max = 120): string {
  const line = body.replace(/\s+/g, " ").trim();
  if (line === "") return "(empty body)";
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Parses JSON without throwing. */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

type Issue = z.core.$ZodIssue;

function depth(issues: Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/**
 * A union failure ("Invalid input") says nothing useful; report the issues of the branch
 * that got furthest, which is the one the sender meant.
 */
function flatten(issue: Issue, prefix: PropertyKey[]): Array<{ path: PropertyKey[]; message: string }> {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
    if (best.length > 0) return best.flatMap((inner) => flatten(inner, path));
  }
  return [{ path, message: issue.message }];
}

function pathText(path: PropertyKey[]): string {
  const text = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return text.replace(/^\./, "") || "(root)";
}

/** Names the first few schema problems, e.g. "version: required; containers[0].state: invalid". */
export function describeIssues(error: z.ZodError, max = 3): string {
  const all = error.issues.flatMap((issue) => flatten(issue, []));
  const parts = all.slice(0, max).map((p) => `${pathText(p.path)}: ${p.message}`);
  const more = all.length - max;
  return more > 0 ? `${parts.join("; ")} (+${more} more)` : parts.join("; ");
}
