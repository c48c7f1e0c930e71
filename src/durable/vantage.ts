import { DurableObject } from "cloudflare:workers";
import { checkHealth } from "../checks/health";
import type { HealthOutcome } from "../checks/types";
import { probeUserAgent } from "../checks/user-agent";
import type { SecondOpinion } from "../checks/vantage";
import type { ConfigBindings } from "../config/bundled";
import { configFromEnv } from "../config/load";
import type { LocationHint, Service } from "../config/schema";

/** What a vantage needs to repeat a health check. */
export interface VantageTarget {
  healthUrl: string;
  /** Per-request timeout, milliseconds. */
  timeout: number;
}

/** The RPC contract of a vantage object. */
export interface VantageApi {
  checkHealth(target: VantageTarget, location: string): Promise<HealthOutcome>;
}

/**
 * A second place to look from: one object per region, created with that region's
 * `locationHint`. It probes `/health` when asked and answers; it keeps no state.
 */
export class Vantage extends DurableObject<Env> implements VantageApi {
  async checkHealth(target: VantageTarget, location: string): Promise<HealthOutcome> {
    if (!/^https?:\/\//.test(target.healthUrl)) {
      return { ok: false, reason: "not an http(s) URL", latencyMs: 0 };
    }
    return checkHealth(
      { healthUrl: target.healthUrl, thresholds: { timeout: target.timeout } },
      {
        fetch: (input, init) => fetch(input, init),
        now: () => Date.now(),
        vantage: location,
        userAgent: probeUserAgentOf(this.env),
      },
    );
  }
}

/** The probes' User-Agent under the Worker's config (without the public URL when it is invalid). */
export function probeUserAgentOf(env: ConfigBindings): string {
  const parsed = configFromEnv(env);
  return probeUserAgent(parsed.ok ? parsed.config.publicUrl : undefined);
}

/** Extra time the vantage gets over the probe timeout before its silence counts as no answer. */
const ANSWER_SLACK_MS = 2_000;

/**
 * Asks the vantage object in `location` to repeat the service's health check. Never throws:
 * an object that fails or does not answer in time is "not answered", never a failure.
 */
export async function askVantage(
  env: Pick<Env, "VANTAGE">,
  service: Pick<Service, "healthUrl" | "thresholds">,
  location: LocationHint,
): Promise<SecondOpinion> {
  const healthUrl = service.healthUrl;
  // The config refuses a vantage without healthUrl; this keeps a checks-only service at home.
  if (healthUrl === undefined) return { answered: false, location, reason: "the service has no healthUrl" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = service.thresholds.timeout + ANSWER_SLACK_MS;
  try {
    const stub = env.VANTAGE.getByName(`vantage-${location}`, {
      locationHint: location,
    }) as unknown as VantageApi;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${deadline} ms`)), deadline);
    });
    const health = await Promise.race([
      stub.checkHealth({ healthUrl, timeout: service.thresholds.timeout }, location),
      late,
    ]);
    return { answered: true, location, health };
  } catch (error) {
    return { answered: false, location, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
