import * as z from "zod";
import { agentActionName } from "../../src/checks/agent-actions.ts";
import { signedHost } from "../../src/checks/signature.ts";

const splitList = (raw: string) =>
  raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const list = (fallback: string) => z.string().default(fallback).transform(splitList);

/**
 * Docker's own rule for container names (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`; ids match it too).
 * Checked at start-up so a name like `--privileged` is refused with a clear error instead of
 * reaching the docker command line, where it would be read as a flag.
 */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const CONTAINER_NAME_RULE = "a container name: a letter or digit, then letters, digits, _ . or -";

const containerName = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.string().regex(CONTAINER_NAME, `must be ${CONTAINER_NAME_RULE}`));

const containerList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform(splitList)
    .pipe(z.array(z.string().regex(CONTAINER_NAME, `each must be ${CONTAINER_NAME_RULE}`)));

const optionalUrl = z.preprocess(
  (raw) => (raw === "" ? undefined : raw),
  z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
);

const seconds = (fallback: number) => z.coerce.number().int().min(0).max(3600).default(fallback);

/** `host:port` or `[ipv6]:port`, parsed into the two parts `serve` needs. */
const listen = z
  .string()
  .default("127.0.0.1:9100")
  .transform((raw, ctx) => {
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(raw.trim());
    const port = Number(match?.[3]);
    const hostname = match?.[1] ?? match?.[2];
    if (!hostname || !Number.isInteger(port) || port > 65_535) {
      ctx.addIssue({ code: "custom", message: "must be host:port, e.g. 127.0.0.1:9100" });
      return z.NEVER;
    }
    return { hostname, port };
  });

/** `host:port` means a TCP PING; anything else must be a container name for `docker exec`. */
const redisTarget = z
  .string()
  .min(1)
  .default("calendar-redis")
  .transform((raw, ctx) => {
    const tcp = /^(?:\[([^\]]+)\]|([^:/]+)):(\d{1,5})$/.exec(raw.trim());
    const host = tcp?.[1] ?? tcp?.[2];
    if (host && tcp?.[3]) return { kind: "tcp" as const, host, port: Number(tcp[3]) };
    if (!CONTAINER_NAME.test(raw.trim())) {
      ctx.addIssue({ code: "custom", message: `must be host:port or ${CONTAINER_NAME_RULE}` });
      return z.NEVER;
    }
    return { kind: "docker" as const, container: raw.trim() };
  });

/** `AGENT_TLS_HOSTS`: comma-separated `host:port` (443 when omitted), e.g. `calendar.example.com:443`. */
const tlsHosts = z
  .string()
  .default("")
  .transform(splitList)
  .transform((items, ctx) =>
    items.flatMap((raw) => {
      const m = /^([a-zA-Z0-9.-]+)(?::(\d{1,5}))?$/.exec(raw);
      const port = Number(m?.[2] ?? 443);
      if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(raw)} must be host or host:port` });
        return [];
      }
      return [{ host: m[1].toLowerCase(), port }];
    }),
  )
  .pipe(z.array(z.object({ host: z.string(), port: z.number() })).max(50, "at most 50 hosts"));

/** `host` or `host:port` as in a URL, normalised the way signatures compare hosts. */
const expectedHost = z.preprocess(
  (raw) => (raw === "" ? undefined : raw),
  z
    .string()
    .trim()
    .regex(
      /^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/,
      "must be a host name, optionally with :port",
    )
    .transform(signedHost)
    .optional(),
);

/** Comma-separated action names; empty (the default) enables none. */
const actionList = z
  .string()
  .default("")
  .transform(splitList)
  .pipe(
    z.array(agentActionName).refine((names) => new Set(names).size === names.length, "lists an action twice"),
  );

/** The agent's environment; every variable except the secret has a default. */
export const agentEnvSchema = z
  .object({
    /** Shared HMAC secret, the same as the Worker's `AGENT_HMAC_SECRET`; never logged. */
    AGENT_HMAC_SECRET: z.string({ error: "is required" }).min(16, "must be at least 16 characters"),
    /** Address to bind, `host:port`; loopback by default so a reverse proxy fronts it. */
    AGENT_LISTEN: listen,
    /**
     * Host of the Worker's `agentUrl` (e.g. `calendar.example.com`); signatures must name it.
     * Unset: the request's `Host` header is used, which a proxy that rewrites it breaks.
     */
    AGENT_EXPECTED_HOST: expectedHost,
    /** Path of the report; must match the path of the Worker's `agentUrl`. */
    AGENT_PATH: z
      .string()
      .regex(/^\/[^\s?#]*$/, "must start with / and have no query")
      .default("/status"),
    /** Containers to report, comma-separated. */
    AGENT_CONTAINERS: containerList("telegram-bot,calendar-redis,radicale-calendar"),
    /** Container whose logs are counted for errors. */
    AGENT_APP_CONTAINER: containerName("telegram-bot"),
    /** Mount points for disk usage, comma-separated. */
    AGENT_MOUNTS: list("/"),
    /** Directory holding the nightly `*.tar.gz*` backups (runbook 4.1). */
    AGENT_BACKUP_DIR: z.string().min(1).default("/root/backups/calendar"),
    /** Radicale URL; when unset, Radicale is checked from inside its container as the runbook does. */
    AGENT_RADICALE_URL: optionalUrl,
    /** Container used for the in-container Radicale check when no URL is set. */
    AGENT_RADICALE_CONTAINER: containerName("radicale-calendar"),
    /** Prometheus base URL; unset means not deployed. */
    AGENT_PROMETHEUS_URL: optionalUrl,
    /** Grafana base URL; unset means not deployed. */
    AGENT_GRAFANA_URL: optionalUrl,
    /** Loki base URL; unset means not deployed. */
    AGENT_LOKI_URL: optionalUrl,
    /** TLS endpoints whose certificates are reported (issuer, expiry, chain, name); none by default. */
    AGENT_TLS_HOSTS: tlsHosts,
    /** Redis: a container name (`docker exec … redis-cli ping`) or `host:port` (raw TCP PING). */
    AGENT_REDIS: redisTarget,
    /** How long a report is reused, in seconds. */
    AGENT_CACHE_SECONDS: seconds(10),
    /** Timeout of each collector, in milliseconds; below the Worker's 5 s probe timeout. */
    AGENT_COLLECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
    /** Failed authentication attempts allowed per client IP per minute before 429. */
    AGENT_MAX_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Behind a reverse proxy: take the client IP from the last `X-Forwarded-For` entry. */
    AGENT_TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    /** Remediation actions this host allows, e.g. `restart-app,restart-stack`; none by default. */
    AGENT_ACTIONS: actionList,
    /** Absolute path of the compose file restart-stack runs `down` / `up -d` on. */
    AGENT_COMPOSE_FILE: z.preprocess(
      (raw) => (raw === "" ? undefined : raw),
      z
        .string()
        .regex(/^\/[^\0\n]*\.ya?ml$/, "must be an absolute path to a .yml file")
        .optional(),
    ),
    /** Actions started per rolling hour on this host, whoever asks. */
    AGENT_ACTIONS_PER_HOUR: z.coerce.number().int().min(1).max(60).default(3),
    /** How long an action may take, waiting for the app's healthcheck included, in seconds. */
    AGENT_ACTION_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(120),
  })
  .superRefine((env, ctx) => {
    if (env.AGENT_ACTIONS.includes("restart-stack") && !env.AGENT_COMPOSE_FILE) {
      ctx.addIssue({
        code: "custom",
        path: ["AGENT_COMPOSE_FILE"],
        message: "is required when AGENT_ACTIONS has restart-stack",
      });
    }
  });

/** The agent's validated configuration. */
export type AgentConfig = z.infer<typeof agentEnvSchema>;

/** Thrown when the environment is invalid; the message names every bad variable, never a value. */
export class AgentConfigError extends Error {
  readonly code = "invalid_config";
}

/** Validates the environment; unknown variables are ignored. */
export function loadAgentConfig(env: Record<string, string | undefined>): AgentConfig {
  const result = agentEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new AgentConfigError(`invalid agent environment:\n  ${problems.join("\n  ")}`);
}
