import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { AgentReport } from "../../src/checks/agent-report.ts";
import { createAgentApp } from "./app.ts";
import { singleFlightCache } from "./cache.ts";
import type { AgentConfig } from "./config.ts";
import { collectDiagnostics } from "./diagnostics.ts";
import type { Logger } from "./log.ts";
import { type CollectorDeps, type Collectors, collectReport, createCollectors } from "./report.ts";

/** I/O the running agent uses; tests replace the command runner and the collectors' view of the world. */
export interface AgentServerDeps extends CollectorDeps {
  log: Logger;
  /** Overrides the collectors built from config (tests count collector runs with this). */
  collectors?: Collectors;
  /** Waits between healthcheck polls of an action; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** Pause between healthcheck polls, in milliseconds (default 2000). */
  actionPollMs?: number;
}

/** A listening agent. */
export interface RunningAgent {
  /** Base URL it listens on, e.g. "http://127.0.0.1:9100". */
  url: string;
  /** Stops accepting connections and waits for open ones to finish. */
  close: () => Promise<void>;
}

/** Builds the collectors, the cache and the app, and listens on `AGENT_LISTEN`. */
export function startAgent(config: AgentConfig, deps: AgentServerDeps): Promise<RunningAgent> {
  const collectors = deps.collectors ?? createCollectors(config, deps);
  const getReport = singleFlightCache<AgentReport>(
    () => collectReport(collectors, { timeoutMs: config.AGENT_COLLECTOR_TIMEOUT_MS, now: deps.now }),
    config.AGENT_CACHE_SECONDS * 1000,
    deps.now,
  );
  const app = createAgentApp({
    secret: config.AGENT_HMAC_SECRET,
    expectedHost: config.AGENT_EXPECTED_HOST,
    path: config.AGENT_PATH,
    getReport,
    getDiagnostics: (request) => collectDiagnostics(config, deps, request),
    actions: {
      settings: {
        enabled: config.AGENT_ACTIONS,
        app: config.AGENT_APP_CONTAINER,
        composeFile: config.AGENT_COMPOSE_FILE,
        perHour: config.AGENT_ACTIONS_PER_HOUR,
        timeoutMs: config.AGENT_ACTION_TIMEOUT_SECONDS * 1000,
        pollMs: deps.actionPollMs ?? 2000,
      },
      deps: {
        run: deps.run,
        now: deps.now,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      },
    },
    now: deps.now,
    log: deps.log,
    maxFailuresPerMinute: config.AGENT_MAX_FAILURES_PER_MINUTE,
    trustProxy: config.AGENT_TRUST_PROXY,
  });
  const { hostname, port } = config.AGENT_LISTEN;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info: AddressInfo) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open; idle ones can go now.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
