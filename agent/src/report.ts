import { hostname } from "node:os";
import { type AgentReport, type AgentReportInput, agentReport } from "../../src/checks/agent-report.ts";
import { collectBackup } from "./backup.ts";
import type { AgentConfig } from "./config.ts";
import { collectContainers } from "./containers.ts";
import { collectDisks } from "./disk.ts";
import {
  checkHttp,
  checkRadicaleInContainer,
  endpoint,
  type FetchFn,
  type Reachability,
} from "./http-check.ts";
import { collectLogs } from "./logs.ts";
import { collectMemory, type ReadText } from "./memory.ts";
import { collectRedis } from "./redis.ts";
import type { CommandRunner } from "./runner.ts";
import { collectTls } from "./tls.ts";

type Section<K extends keyof AgentReportInput> = Exclude<AgentReportInput[K], { error: string } | undefined>;
type Monitoring = Exclude<AgentReportInput["monitoring"], undefined>;

/** One function per report section; each may throw, and each is timed out on its own. */
export interface Collectors {
  containers: () => Promise<Section<"containers">>;
  disks: () => Promise<Section<"disks">>;
  memory: () => Promise<Section<"memory">>;
  logs: () => Promise<Section<"logs">>;
  backup: () => Promise<Section<"backup">>;
  redis: () => Promise<Section<"redis">>;
  radicale: () => Promise<Section<"radicale">>;
  /** Only the deployed parts of the monitoring stack. */
  monitoring: Partial<Record<keyof Monitoring, () => Promise<Reachability>>>;
  /** Certificates of `AGENT_TLS_HOSTS`; absent when none are configured. */
  tls?: () => Promise<Section<"tls">>;
}

/** What the collectors touch: commands, HTTP, files and the clock. */
export interface CollectorDeps {
  run: CommandRunner;
  fetch: FetchFn;
  now: () => number;
  readText?: ReadText;
  /** Roots for the TLS collector instead of the system's (tests only). */
  tlsCa?: string;
}

/** Wires the collectors to the configuration. */
export function createCollectors(config: AgentConfig, deps: CollectorDeps): Collectors {
  const { run, fetch: fetchFn, now } = deps;
  const t = config.AGENT_COLLECTOR_TIMEOUT_MS;
  const monitoring: Collectors["monitoring"] = {};
  const stack = [
    ["prometheus", config.AGENT_PROMETHEUS_URL, "/-/healthy"],
    ["grafana", config.AGENT_GRAFANA_URL, "/api/health"],
    ["loki", config.AGENT_LOKI_URL, "/ready"],
  ] as const;
  for (const [name, base, path] of stack) {
    if (base) monitoring[name] = () => checkHttp(fetchFn, endpoint(base, path), t);
  }
  const radicaleUrl = config.AGENT_RADICALE_URL;
  return {
    containers: () => collectContainers(run, config.AGENT_CONTAINERS, t, now),
    disks: () => collectDisks(run, config.AGENT_MOUNTS, t),
    memory: () => collectMemory(deps.readText),
    logs: () => collectLogs(run, config.AGENT_APP_CONTAINER, t),
    backup: () => collectBackup(config.AGENT_BACKUP_DIR, now),
    redis: () => collectRedis(run, config.AGENT_REDIS, t),
    radicale: radicaleUrl
      ? () => checkHttp(fetchFn, radicaleUrl, t, "answers")
      : () => checkRadicaleInContainer(run, config.AGENT_RADICALE_CONTAINER, t),
    monitoring,
    ...(config.AGENT_TLS_HOSTS.length > 0
      ? {
          tls: () =>
            collectTls(config.AGENT_TLS_HOSTS, { timeoutMs: t, ...(deps.tlsCa ? { ca: deps.tlsCa } : {}) }),
        }
      : {}),
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Runs one collector under its own deadline; a failure becomes that section's `error`. */
export async function settle<T>(
  collector: () => Promise<T>,
  timeoutMs: number,
): Promise<T | { error: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      collector().catch((error: unknown) => ({ error: describe(error) })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A report the agent built that its own schema rejects: a bug, never served. */
export class InvalidReportError extends Error {
  readonly code = "invalid_report";
}

/** Options of one collection. */
export interface CollectOptions {
  /** Deadline of each collector. */
  timeoutMs: number;
  now: () => number;
  host?: string;
}

/** Runs every collector in parallel and returns the report, validated by the shared schema. */
export async function collectReport(collectors: Collectors, options: CollectOptions): Promise<AgentReport> {
  const { timeoutMs, now } = options;
  const collectedAt = new Date(now()).toISOString();
  const monitoringEntries = Object.entries(collectors.monitoring).map(async ([name, check]) => {
    const outcome = await settle(check, timeoutMs);
    const value: Reachability = "error" in outcome ? { ok: false, reason: outcome.error } : outcome;
    return [name, value] as const;
  });
  const [containers, disks, memory, logs, backup, redis, radicale, monitoring, tls] = await Promise.all([
    settle(collectors.containers, timeoutMs),
    settle(collectors.disks, timeoutMs),
    settle(collectors.memory, timeoutMs),
    settle(collectors.logs, timeoutMs),
    settle(collectors.backup, timeoutMs),
    settle(collectors.redis, timeoutMs),
    settle(collectors.radicale, timeoutMs),
    Promise.all(monitoringEntries),
    collectors.tls ? settle(collectors.tls, timeoutMs) : undefined,
  ]);
  const input: AgentReportInput = {
    schema: 1,
    collectedAt,
    host: (options.host ?? hostname()).slice(0, 200),
    containers,
    disks,
    memory,
    logs,
    backup,
    redis,
    radicale,
    monitoring: Object.fromEntries(monitoring),
    ...(tls ? { tls } : {}),
  };
  return validate(input);
}

const SECTIONS = ["containers", "disks", "memory", "logs", "backup", "redis", "radicale", "tls"] as const;

/**
 * Validates with the shared schema. A section the schema rejects becomes that section's
 * error (a collector bug must not hide the other sections); anything else is a bug that
 * `InvalidReportError` reports instead of serving.
 */
function validate(input: AgentReportInput): AgentReport {
  const first = agentReport.safeParse(input);
  if (first.success) return first.data;
  const repaired: AgentReportInput = { ...input, monitoring: { ...input.monitoring } };
  for (const issue of first.error.issues) {
    const [section, name] = issue.path;
    const at = issue.path.join(".");
    const known = SECTIONS.find((s) => s === section);
    if (known) repaired[known] = { error: `invalid ${known} data at ${at}: ${issue.message}`.slice(0, 500) };
    if (section === "monitoring" && (name === "prometheus" || name === "grafana" || name === "loki")) {
      repaired.monitoring = {
        ...repaired.monitoring,
        [name]: { ok: false, reason: `invalid data at ${at}` },
      };
    }
  }
  const second = agentReport.safeParse(repaired);
  if (second.success) return second.data;
  const where = second.error.issues.map((i) => i.path.join(".")).join(", ");
  throw new InvalidReportError(`report failed schema validation at ${where}`);
}
