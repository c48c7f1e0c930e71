/**
 * The bundled demo service: a tiny stand-in for the runbook's bot on 127.0.0.1, with a
 * public /health and a signed agent endpoint. Break and repair it from its control page
 * (http://127.0.0.1:8790/) or with `npm run demo:mode -- <mode>`.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AgentReportInput } from "../src/checks/agent-report.ts";
import {
  SIGNATURE_HEADER,
  signedRequestOf,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../src/checks/signature.ts";

/** How the demo service behaves. */
export const MODES = {
  healthy: "everything works",
  down: "/health answers 503 and the app container has exited (P1)",
  offline: "nothing answers: connections are reset (P1)",
  slow: "/health takes 3 s (P2 when sustained)",
  flaky: "one probe in ten fails at random (never pages)",
  "redis-down": "/health is fine but Redis does not answer PONG (P2)",
  "disk-full": "disk at 97 % (P2)",
  "backup-stale": "newest backup is 30 hours old (P3)",
} as const;
export type Mode = keyof typeof MODES;

export interface DemoOptions {
  port: number;
  host?: string;
  secret: string;
  mode?: Mode;
  version?: string;
}

/** The agent report the demo server gives in each mode (the e2e watched-service fake reuses it). */
export function demoReport(mode: Mode, now: Date): AgentReportInput {
  const app = mode === "down" ? "exited" : "running";
  const redisUp = mode !== "redis-down";
  return {
    schema: 1,
    collectedAt: now.toISOString(),
    host: "demo",
    containers: [
      {
        name: "telegram-bot",
        state: app,
        status: app === "running" ? "Up 3 hours" : "Exited (137)",
        restartCount: 0,
        exitCode: app === "running" ? 0 : 137,
      },
      {
        name: "calendar-redis",
        state: redisUp ? "running" : "exited",
        status: redisUp ? "Up 3 hours" : "Exited (1)",
        restartCount: 0,
      },
      { name: "radicale-calendar", state: "running", status: "Up 3 hours", restartCount: 0 },
    ],
    disks: [{ mount: "/", usedPercent: mode === "disk-full" ? 97 : 41 }],
    memory: { usedPercent: 52 },
    logs: { errorCount24h: 3, databaseLocked24h: 0 },
    backup: {
      file: "backup_20261126_030000.tar.gz",
      ageHours: mode === "backup-stale" ? 30 : 6,
      sizeBytes: 482_113,
    },
    redis: redisUp
      ? { pong: true }
      : { pong: false, reason: "Could not connect to Redis at 127.0.0.1:6379: Connection refused" },
    radicale: { ok: true, status: 200 },
    monitoring: {},
  };
}

/** True when a Node request carries a valid watchdog signature for its method, Host header, path and query. */
export async function isSigned(secret: string, req: IncomingMessage): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const header = (name: string) => {
    const value = req.headers[name.toLowerCase()];
    return typeof value === "string" ? value : undefined;
  };
  const check = await verifyRequest(
    secret,
    { ...signedRequestOf(req.method ?? "GET", url), host: header("host") ?? "" },
    { timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) },
    Date.now(),
  );
  return check.ok;
}

/** Starts the demo service; returns the server and a way to switch its mode. */
export async function startDemoService(
  options: DemoOptions,
): Promise<{ server: Server; setMode(mode: Mode): void; mode(): Mode }> {
  let mode: Mode = options.mode ?? "healthy";
  const version = options.version ?? "1.4.2";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://demo");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (url.pathname === "/control/mode" && req.method === "POST") {
      const wanted = url.searchParams.get("mode") ?? "";
      if (!(wanted in MODES))
        return json(400, { error: `unknown mode; one of ${Object.keys(MODES).join(", ")}` });
      mode = wanted as Mode;
      console.log(`[demo] mode → ${mode}: ${MODES[mode]}`);
      return json(200, { mode });
    }
    if (url.pathname === "/") {
      const buttons = Object.entries(MODES)
        .map(
          ([m, d]) =>
            `<form method="post" action="/control/mode?mode=${m}" style="margin:4px"><button${m === mode ? " disabled" : ""}>${m}</button> ${d}</form>`,
        )
        .join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><title>demo service</title><h1>Demo service: ${mode}</h1>${buttons}`);
    }
    if (mode === "offline" && url.pathname !== "/") return res.socket?.destroy();
    if (url.pathname === "/health") {
      if (mode === "slow") await new Promise((r) => setTimeout(r, 3000));
      if (mode === "down" || (mode === "flaky" && Math.random() < 0.1))
        return json(503, { status: "unhealthy", error: "telegram-bot is not running" });
      return json(200, { status: "healthy", version, timestamp: new Date().toISOString() });
    }
    if (url.pathname === "/agent/status") {
      if (!(await isSigned(options.secret, req))) return json(401, { error: "unauthorized" });
      return json(200, demoReport(mode, new Date()));
    }
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  return {
    server,
    setMode: (m) => {
      mode = m;
    },
    mode: () => mode,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.DEMO_PORT ?? 8790);
  const secret = process.env.AGENT_HMAC_SECRET ?? "local-demo-agent-secret-2f7c9e4a1b8d";
  await startDemoService({ port, secret, mode: (process.env.DEMO_MODE as Mode | undefined) ?? "healthy" });
  console.log(`[demo] service on http://127.0.0.1:${port} (control page at /)`);
}
