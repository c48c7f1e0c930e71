/**
 * Reuses a value for `ttlMs` (counted from when its computation started) and shares one
 * in-flight computation between concurrent callers, so a burst of probes runs the
 * collectors once. Failures are not cached.
 */
export function singleFlightCache<T>(
  compute: () => Promise<T>,
  ttlMs: number,
  now: () => number,
): () => Promise<T> {
  let cached: { value: T; at: number } | undefined;
  let inFlight: Promise<T> | undefined;
  return () => {
    if (cached && now() - cached.at < ttlMs) return Promise.resolve(cached.value);
    if (inFlight) return inFlight;
    const started = now();
    inFlight = compute()
      .then((value) => {
        cached = { value, at: started };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
