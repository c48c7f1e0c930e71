/**
 * The scale bench's watched estate: a few loopback servers shared by many services, each
 * service on its own path (`/svc-0123/health`), answering healthy JSON. Every arrival is
 * stamped per service, so the bench can tell a probe that came late.
 */
import { createServer, type Server } from "node:http";
import { closeServer, listen } from "../e2e/lib/http.ts";

/** The running servers. */
export interface Estate {
  healthUrl(serviceId: string): string;
  /** Arrival times of each service's probes, oldest first (only services probed so far). */
  arrivals(): ReadonlyMap<string, readonly number[]>;
  /** Requests to any other path (none expected). */
  strays(): number;
  close(): Promise<void>;
}

const HEALTH = /^\/([\w-]+)\/health$/;

/** Starts `servers` servers; service `i` of `ids` lives on server `i mod servers`. */
export async function startEstate(ids: readonly string[], servers = 4): Promise<Estate> {
  const arrivals = new Map<string, number[]>();
  let strays = 0;
  const started: Server[] = [];
  const bases: string[] = [];
  for (let i = 0; i < servers; i++) {
    const server = createServer((req, res) => {
      const at = Date.now();
      const id = HEALTH.exec(new URL(req.url ?? "/", "http://estate").pathname)?.[1];
      if (!id) {
        strays += 1;
        res.writeHead(404).end();
        return;
      }
      const times = arrivals.get(id);
      if (times) times.push(at);
      else arrivals.set(id, [at]);
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ status: "healthy", version: "1.0.0", timestamp: new Date(at).toISOString() }));
    });
    // A thousand objects probing at once: let the backlog hold them rather than refuse.
    server.maxConnections = 10_000;
    started.push(server);
    bases.push(await listen(server));
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    healthUrl: (serviceId) => {
      const i = index.get(serviceId);
      if (i === undefined) throw new Error(`unknown estate service ${serviceId}`);
      return `${bases[i % servers]}/${serviceId}/health`;
    },
    arrivals: () => arrivals,
    strays: () => strays,
    close: async () => {
      await Promise.all(started.map(closeServer));
    },
  };
}
