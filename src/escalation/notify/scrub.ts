/** Removes secrets from text bound for a result, error or log line: the raw value, its URL-encoded form, and any `/bot<token>/` path. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("[redacted]");
  }
  return out.replace(/\/bot[^/\s"']+/g, "/bot[redacted]");
}
