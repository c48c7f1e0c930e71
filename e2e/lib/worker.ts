/**
 * Starts the real Worker with `wrangler dev --test-scheduled` on 127.0.0.1, with a config
 * and secrets passed through an env file in a fresh temp dir (so the project's `.dev.vars`
 * is ignored) and persistence in that temp dir. `stop()` kills wrangler's whole process group.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ConfigInput } from "../../src/config/schema.ts";
import type { IncidentView } from "../../src/escalation/types.ts";
import { freePort } from "./http.ts";
import { sleep, waitFor } from "./poll.ts";

/** Secrets the Worker reads; all are passed as secret vars. */
export interface WorkerSecrets {
  TELEGRAM_BOT_TOKEN: string;
  AGENT_HMAC_SECRET: string;
  LINK_SIGNING_KEY: string;
  EMAIL_API_KEY: string;
  ADMIN_TOKEN: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
  HEARTBEAT_SECRET?: string;
}

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** The config; `publicUrl` is replaced by the Worker's own loopback URL. */
  config: ConfigInput;
  secrets: WorkerSecrets;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** How long wrangler may take to answer /health (default 90 s). */
  readyTimeoutMs?: number;
  /** Echo wrangler's output to stderr as it comes. */
  echo?: boolean;
  /** Project root holding wrangler.toml (default: the current directory). */
  cwd?: string;
  /**
   * The config is already the `default` section of `cwd`'s watchdog.config.ts, as a deployed
   * estate carries one over 5 KB: no WATCHDOG_CONFIG var is set, and `publicUrl` is not
   * replaced (the caller wrote it for `port`, which it must then give).
   */
  bundled?: boolean;
  /** wrangler's `--log-level` (default `info`); `log` also shows the Worker's console.log lines. */
  logLevel?: "info" | "log";
}

/** An incident without its timeline, as `GET /api/incidents` lists it. */
export type IncidentSummary = Omit<IncidentView, "timeline">;

/** A JSON answer of the Worker. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The running Worker. */
export interface WorkerHandle {
  /** Base URL, e.g. http://127.0.0.1:8899 (also the config's publicUrl). */
  url: string;
  /** The config as passed (with publicUrl set). */
  config: ConfigInput;
  secrets: WorkerSecrets;
  /** Fires one cron tick through `/__scheduled`. */
  tick(): Promise<void>;
  /** Calls the admin API with the bearer token. */
  api<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>>;
  /** One incident with its timeline (throws unless 200). */
  incident(id: string): Promise<IncidentView>;
  /** Incidents of a service, newest first, optionally filtered by status ("active" = open or acknowledged). */
  incidents(serviceId: string, status?: string): Promise<IncidentSummary[]>;
  /** Creates a maintenance window through `POST /api/maintenance`. */
  addMaintenance(w: { serviceId: string; start: number; end: number; reason: string }): Promise<unknown>;
  /** wrangler's output so far (stdout and stderr interleaved). */
  logs(): string;
  /** Stops wrangler (SIGTERM, then SIGKILL to the process group) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Quotes a value for a dotenv file; single quotes keep JSON literal. */
function dotenvLine(key: string, value: string): string {
  if (value.includes("'") || value.includes("\n"))
    throw new Error(`${key}: value must not contain ' or newlines`);
  return `${key}='${value}'`;
}

/** Waits (bounded) until no process of the group is left, so the run leaves nothing behind. */
async function waitForGroupExit(pgid: number | undefined, timeoutMs: number): Promise<void> {
  if (pgid === undefined) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Starts `wrangler dev` with the given config and waits until it answers. */
export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  if (options.bundled && options.port === undefined) throw new Error("a bundled config needs its port");
  const config: ConfigInput = options.bundled ? options.config : { ...options.config, publicUrl: url };
  const dir = mkdtempSync(join(tmpdir(), "watchdog-e2e-"));
  const envFile = join(dir, "e2e.env");
  const vars: Record<string, string> = options.bundled ? {} : { WATCHDOG_CONFIG: JSON.stringify(config) };
  for (const [k, v] of Object.entries(options.secrets)) if (typeof v === "string") vars[k] = v;
  writeFileSync(
    envFile,
    `${Object.entries(vars)
      .map(([k, v]) => dotenvLine(k, v))
      .join("\n")}\n`,
    {
      mode: 0o600,
    },
  );
  const cwd = resolve(options.cwd ?? ".");
  let output = "";
  const child = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--test-scheduled",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--env-file",
      envFile,
      "--persist-to",
      join(dir, "state"),
      "--show-interactive-dev-session=false",
      "--log-level",
      options.logLevel ?? "info",
    ],
    {
      cwd,
      // Own process group, so stop() reaches npx, wrangler and workerd alike.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        CI: "true",
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
    },
  );
  const collect = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (options.echo) process.stderr.write(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    if (alive(child)) {
      kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
    }
    // workerd may outlive the npx wrapper; the group kill reaches it either way.
    kill("SIGKILL");
    await waitForGroupExit(child.pid, 5_000);
    rmSync(dir, { recursive: true, force: true });
  };

  const adminHeaders = { authorization: `Bearer ${options.secrets.ADMIN_TOKEN}` };
  const api = async <T>(path: string, init: RequestInit = {}): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${url}${path}`, {
      ...init,
      headers: { ...adminHeaders, ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the error message
    }
    return { status: res.status, body: body as T };
  };

  const handle: WorkerHandle = {
    url,
    config,
    secrets: options.secrets,
    async tick() {
      const res = await fetch(`${url}/__scheduled?cron=*+*+*+*+*`, { signal: AbortSignal.timeout(20_000) });
      await res.text();
      if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
    },
    api,
    async incident(id) {
      const r = await api<{ incident: IncidentView }>(`/api/incidents/${encodeURIComponent(id)}`);
      if (r.status !== 200)
        throw new Error(`GET /api/incidents/${id}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.incident;
    },
    async incidents(serviceId, status) {
      const q = new URLSearchParams({ service: serviceId, ...(status ? { status } : {}) });
      const r = await api<{ incidents: IncidentSummary[] }>(`/api/incidents?${q}`);
      if (r.status !== 200) throw new Error(`GET /api/incidents?${q}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.incidents;
    },
    async addMaintenance(w) {
      const r = await api<unknown>("/api/maintenance", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(w),
      });
      if (r.status !== 201) throw new Error(`POST /api/maintenance: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    logs: () => output,
    stop,
  };

  try {
    const state = await waitFor(
      `wrangler dev to answer on ${url}/health`,
      async () => {
        if (!alive(child)) return "exited";
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        const body = await res.text();
        // A refused config would skip every tick: say so now rather than after every timeout.
        return body.includes('"config_invalid"')
          ? `the Worker refused its config: ${body.slice(0, 2_000)}`
          : "ready";
      },
      { timeoutMs: options.readyTimeoutMs ?? 90_000, intervalMs: 300 },
    );
    if (state === "exited") throw new Error("wrangler exited before it was ready");
    if (state !== "ready") throw new Error(state);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  return handle;
}
