import type { z } from "zod";

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

/** Names the first few schema problems, e.g. "version: required; timestamp: required". */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `${path.replace(/^\./, "") || "(root)"}: ${issue.message}`;
  });
  const more = error.issues.length - max;
  return more > 0 ? `${parts.join("; ")} (+${more} more)` : parts.join("; ");
}
