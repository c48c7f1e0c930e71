/**
 * Failed authentication, limited per client: the same numbers as `[[ratelimits]]` AUTH_FAILURES
 * in wrangler.toml, which counts them across Cloudflare's location; without that binding (an
 * environment that lacks it) this isolate counts them in memory.
 */

/** Failed authentications a client may make in one period. */
export const FAILED_AUTH_LIMIT = 10;
/** The period, in seconds (the Rate Limiting binding allows 10 or 60). */
export const FAILED_AUTH_PERIOD_S = 60;

/** Keys remembered at most; beyond it the oldest are forgotten (a spray of addresses cannot fill memory). */
const MAX_KEYS = 10_000;

/** Counts failed authentications per client; the door answers 429 while one is over the limit. */
export interface AuthLimiter {
  /** Seconds until `key` may try again (0: it may); counts nothing. */
  blockedFor(key: string, now: number): number;
  /** Counts one failure of `key`; the seconds to wait when it is now over the limit, else 0. */
  fail(key: string, now: number): Promise<number>;
}

/** A map that forgets its oldest keys beyond MAX_KEYS. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= MAX_KEYS) break;
    map.delete(oldest);
  }
}

/**
 * A limiter over `count` (true while the key is within its limit); once it says no, this
 * isolate refuses the key outright, even a right credential, until `retryAfterS(now)` passes,
 * so a guess cannot get through while throttled.
 */
function limiter(
  count: (key: string, now: number) => Promise<boolean>,
  retryAfterS: (key: string, now: number) => number,
): AuthLimiter {
  const blockedUntil = new Map<string, number>();
  const blockedFor = (key: string, now: number) => {
    const until = blockedUntil.get(key);
    if (until === undefined) return 0;
    if (until > now) return Math.ceil((until - now) / 1000);
    blockedUntil.delete(key);
    return 0;
  };
  return {
    blockedFor,
    async fail(key, now) {
      if (await count(key, now)) return 0;
      const wait = Math.max(1, retryAfterS(key, now));
      remember(blockedUntil, key, now + wait * 1000);
      return wait;
    },
  };
}

/** Counts in this isolate's memory: FAILED_AUTH_LIMIT failures per window starting at the first. */
export function memoryLimiter(limit = FAILED_AUTH_LIMIT, periodS = FAILED_AUTH_PERIOD_S): AuthLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const periodMs = periodS * 1000;
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    return w && now < w.start + periodMs ? w : { start: now, count: 0 };
  };
  return limiter(
    async (key, now) => {
      const w = current(key, now);
      remember(windows, key, { start: w.start, count: w.count + 1 });
      return w.count + 1 <= limit;
    },
    (key, now) => Math.ceil((current(key, now).start + periodMs - now) / 1000),
  );
}

/** Counts through Cloudflare's Rate Limiting binding, which gives no reset time: the whole period is the wait. */
export function bindingLimiter(binding: RateLimit, periodS = FAILED_AUTH_PERIOD_S): AuthLimiter {
  return limiter(
    async (key) => (await binding.limit({ key })).success,
    () => periodS,
  );
}

const byBinding = new WeakMap<RateLimit, AuthLimiter>();
let inMemory: AuthLimiter | undefined;

/** This isolate's limiter: over the binding when the environment has one, else in memory. */
export function authLimiterFor(binding: RateLimit | undefined): AuthLimiter {
  if (!binding) {
    inMemory ??= memoryLimiter();
    return inMemory;
  }
  let found = byBinding.get(binding);
  if (!found) {
    found = bindingLimiter(binding);
    byBinding.set(binding, found);
  }
  return found;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Who a failure is counted against: the IPv4 address, or the IPv6 /64 (one subscriber usually
 * holds a whole /64, so counting single IPv6 addresses would let one client rotate for free).
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return "unknown";
  const mapped = MAPPED_IPV4.exec(ip)?.[1];
  if (mapped) return mapped;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = ip.includes("::") ? Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0") : [];
  const groups = [...left, ...zeros, ...right].slice(0, 4);
  return `${groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
