/**
 * Watched services for the bench: one loopback HTTP server per service (a real deployment
 * probes distinct hosts), each with `/health` and the signed `/agent/status`, plus a heartbeat
 * server. Every request is logged with its arrival time, so the bench can time the first
 * failed probe and count a tick's subrequests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { demoReport, isSigned } from "../demo/service.ts";

/** One request as it arrived. */
export interface Hit {
  serviceId: string;
  path: "health" | "agent" | "heartbeat" | "other";
  at: number;
  status: number;
}

/** The running fleet. */
export interface Fleet {
  secret: string;
  heartbeatUrl: string;
  healthUrl(id: string): string;
  agentUrl(id: string): string;
  setDown(id: string, down: boolean): void;
  /** A hanging service accepts the connection and never answers (a mass outage's worst case). */
  setHanging(id: string, hanging: boolean): void;
  /** Every request so far, oldest first. */
  hits(): readonly Hit[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** Starts one server per service id plus a heartbeat server, all on 127.0.0.1. */
export async function startFleet(
  ids: readonly string[],
  secret = "bench-agent-secret-8b4e1c6f2a9d3705",
): Promise<Fleet> {
  const down = new Set<string>();
  const hanging = new Set<string>();
  const hits: Hit[] = [];
  const servers: Server[] = [];
  const ports = new Map<string, number>();

  const serverFor = (id: string) =>
    createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://bench");
      const hit: Hit = { serviceId: id, path: "other", at: Date.now(), status: 404 };
      hits.push(hit);
      const json = (status: number, body: unknown) => {
        hit.status = status;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      if (url.pathname === "/health") {
        hit.path = "health";
        // Left open until the prober gives up and closes it (or the fleet closes).
        if (hanging.has(id)) return;
        if (down.has(id)) return json(503, { status: "unhealthy", error: "telegram-bot is not running" });
        return json(200, { status: "healthy", version: "1.4.2", timestamp: new Date().toISOString() });
      }
      if (url.pathname === "/agent/status") {
        hit.path = "agent";
        if (!(await isSigned(secret, req))) return json(401, { error: "unauthorized" });
        return json(200, demoReport(down.has(id) ? "down" : "healthy", new Date()));
      }
      return json(404, { error: "not found" });
    });

  for (const id of ids) {
    const server = serverFor(id);
    servers.push(server);
    ports.set(id, await listen(server));
  }
  const beat = createServer((_req, res) => {
    hits.push({ serviceId: "", path: "heartbeat", at: Date.now(), status: 200 });
    res.writeHead(200).end("ok");
  });
  servers.push(beat);
  const beatPort = await listen(beat);

  const base = (id: string) => {
    const port = ports.get(id);
    if (port === undefined) throw new Error(`unknown bench service ${id}`);
    return `http://127.0.0.1:${port}`;
  };
  return {
    secret,
    heartbeatUrl: `http://127.0.0.1:${beatPort}/beat`,
    healthUrl: (id) => `${base(id)}/health`,
    agentUrl: (id) => `${base(id)}/agent/status`,
    setDown: (id, isDown) => {
      if (isDown) down.add(id);
      else down.delete(id);
    },
    setHanging: (id, isHanging) => {
      if (isHanging) hanging.add(id);
      else hanging.delete(id);
    },
    hits: () => hits,
    close: async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
