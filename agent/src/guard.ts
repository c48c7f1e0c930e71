/**
 * Remembers signatures already accepted, so a captured request cannot be replayed while
 * its timestamp is still within the ±60 s window (at most 120 s).
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  readonly #windowMs: number;
  readonly #maxEntries: number;

  constructor(windowMs: number, maxEntries = 10_000) {
    this.#windowMs = windowMs;
    this.#maxEntries = maxEntries;
  }

  /** Records the signature; false when it was already used inside the window. */
  firstUse(signature: string, nowMs: number): boolean {
    this.#prune(nowMs);
    const key = signature.toLowerCase();
    if (this.#seen.has(key)) return false;
    // Only correctly signed requests get here, so the map grows with legitimate traffic;
    // the cap is a backstop that forgets the oldest entries first.
    if (this.#seen.size >= this.#maxEntries) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    this.#seen.set(key, nowMs + this.#windowMs);
    return true;
  }

  #prune(nowMs: number): void {
    for (const [key, expires] of this.#seen) {
      if (expires > nowMs) break; // insertion order is expiry order
      this.#seen.delete(key);
    }
  }
}

/** Counts failed attempts per client in a sliding window and says when to refuse early. */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxClients: number;

  constructor(maxFailures: number, windowMs: number, maxClients = 10_000) {
    this.#maxFailures = maxFailures;
    this.#windowMs = windowMs;
    this.#maxClients = maxClients;
  }

  /** True when the client already failed `maxFailures` times inside the window. */
  isBlocked(client: string, nowMs: number): boolean {
    return this.#recent(client, nowMs).length >= this.#maxFailures;
  }

  /** Records one failed attempt. */
  recordFailure(client: string, nowMs: number): void {
    const recent = this.#recent(client, nowMs);
    recent.push(nowMs);
    this.#failures.delete(client);
    if (this.#failures.size >= this.#maxClients) this.#evict(nowMs);
    this.#failures.set(client, recent);
  }

  /** Seconds until the client's oldest counted failure leaves the window. */
  retryAfterSeconds(client: string, nowMs: number): number {
    const oldest = this.#recent(client, nowMs)[0] ?? nowMs;
    return Math.max(1, Math.ceil((oldest + this.#windowMs - nowMs) / 1000));
  }

  #recent(client: string, nowMs: number): number[] {
    const kept = (this.#failures.get(client) ?? []).filter((at) => nowMs - at < this.#windowMs);
    if (kept.length === 0) this.#failures.delete(client);
    return kept;
  }

  /** Drops idle clients, then the least recently failing one, so many spoofed sources cannot exhaust memory. */
  #evict(nowMs: number): void {
    for (const [client, times] of this.#failures) {
      if (times.every((at) => nowMs - at >= this.#windowMs)) this.#failures.delete(client);
    }
    if (this.#failures.size >= this.#maxClients) {
      const first = this.#failures.keys().next();
      if (!first.done) this.#failures.delete(first.value);
    }
  }
}
