import { hostname } from "node:os";
import {
  type DiagnosticsLevel,
  type DiagnosticsSnapshot,
  diagnosticsSnapshot,
  SNAPSHOT_LINE_CHARS,
  SNAPSHOT_LOG_BYTES,
  SNAPSHOT_LOG_LINES,
} from "../../src/checks/diagnostics.ts";
import type { AgentConfig } from "./config.ts";
import { collectContainers } from "./containers.ts";
import { collectDisks } from "./disk.ts";
import { checkHttp, checkRadicaleInContainer } from "./http-check.ts";
import { collectMemory } from "./memory.ts";
import { redactLine } from "./redact.ts";
import { collectRedis } from "./redis.ts";
import { type CollectorDeps, settle } from "./report.ts";
import { assertDockerReachable, type CommandRunner, firstLine } from "./runner.ts";

type LinkCheck = { from: string; to: string; ok: boolean; reason?: string };

/** Keeps the newest lines that fit the byte cap, each redacted and then cut to the line cap. */
export function boundTail(raw: readonly string[]): { lines: string[]; truncated: boolean } {
  const recent = raw.slice(-SNAPSHOT_LOG_LINES).map((line) => redactLine(line).slice(0, SNAPSHOT_LINE_CHARS));
  const encoder = new TextEncoder();
  const kept: string[] = [];
  let bytes = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    const line = recent[i] ?? "";
    const size = encoder.encode(line).length + (kept.length > 0 ? 1 : 0);
    if (bytes + size > SNAPSHOT_LOG_BYTES) break;
    bytes += size;
    kept.unshift(line);
  }
  return { lines: kept, truncated: kept.length < raw.length };
}

/** `docker logs <app> --tail 50`; both streams, as the runbook's terminal shows them. */
export async function collectLogTail(run: CommandRunner, container: string, timeoutMs: number) {
  const raw: string[] = [];
  const result = await run("docker", ["logs", "--tail", String(SNAPSHOT_LOG_LINES), "--", container], {
    timeoutMs,
    maxBytes: 4 * 1024 * 1024,
    onLine: (line) => {
      raw.push(line);
      // Keep memory bounded even if docker ignores --tail.
      if (raw.length > SNAPSHOT_LOG_LINES) raw.shift();
    },
  });
  if (result.exitCode !== 0) {
    throw new Error(`docker logs: ${redactLine(firstLine(result.stderr, `exit code ${result.exitCode}`))}`);
  }
  return { container, ...boundTail(raw) };
}

/** The runbook's `docker exec telegram-bot ping -c 3 calendar-redis`, once per other container. */
export async function checkLinks(
  run: CommandRunner,
  from: string,
  targets: readonly string[],
  timeoutMs: number,
): Promise<LinkCheck[]> {
  const wait = String(Math.max(1, Math.floor(timeoutMs / 1000) - 1));
  return Promise.all(
    targets.map(async (to): Promise<LinkCheck> => {
      const result = await run("docker", ["exec", "--", from, "ping", "-c", "1", "-W", wait, to], {
        timeoutMs,
        maxBytes: 8192,
      });
      assertDockerReachable(result);
      if (result.exitCode === 0) return { from, to, ok: true };
      const said = firstLine(result.stderr || result.stdout, `ping: exit code ${result.exitCode}`);
      return { from, to, ok: false, reason: said.slice(0, 200) };
    }),
  );
}

/** Collects one snapshot for an incident; each section fails on its own, like the report. */
export async function collectDiagnostics(
  config: AgentConfig,
  deps: CollectorDeps,
  request: { incident: string; level: DiagnosticsLevel },
): Promise<DiagnosticsSnapshot> {
  const { run, now } = deps;
  const t = config.AGENT_COLLECTOR_TIMEOUT_MS;
  const app = config.AGENT_APP_CONTAINER;
  const others = config.AGENT_CONTAINERS.filter((name) => name !== app);
  const radicaleUrl = config.AGENT_RADICALE_URL;
  const collectedAt = new Date(now()).toISOString();
  const [containers, logs, memory, disks, dependencies] = await Promise.all([
    settle(() => collectContainers(run, config.AGENT_CONTAINERS, t, now), t),
    settle(() => collectLogTail(run, app, t), t),
    settle(() => collectMemory(deps.readText), t),
    settle(() => collectDisks(run, config.AGENT_MOUNTS, t), t),
    request.level === "P2"
      ? Promise.all([
          settle(() => collectRedis(run, config.AGENT_REDIS, t), t),
          settle(
            radicaleUrl
              ? () => checkHttp(deps.fetch, radicaleUrl, t, "answers")
              : () => checkRadicaleInContainer(run, config.AGENT_RADICALE_CONTAINER, t),
            t,
          ),
          settle(() => checkLinks(run, app, others, t), t),
        ]).then(([redis, radicale, links]) => ({ redis, radicale, links }))
      : Promise.resolve(undefined),
  ]);
  return diagnosticsSnapshot.parse({
    schema: 1,
    incident: request.incident,
    level: request.level,
    collectedAt,
    host: hostname().slice(0, 200),
    containers,
    logs,
    memory,
    disks,
    ...(dependencies ? { dependencies } : {}),
  });
}
