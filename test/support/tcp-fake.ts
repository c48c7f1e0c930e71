import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import * as z from "zod";

/** Ports of the loopback TCP listeners the `tcp` check tests connect to. */
export interface TcpFakeInfo {
  /** Greets every connection with `SSH-2.0-fake` and a line break, then waits. */
  banner: number;
  /** Accepts and says nothing. */
  silent: number;
  /** A listener the tests close, reopen and re-banner through `control` (the Durable Object test's). */
  switchable: number;
  /** Base URL of the HTTP control of `switchable`: `POST /switchable` with a `SwitchableState`. */
  control: string;
}

/** The greeting of the `banner` listener, and of `switchable` until a test changes it. */
export const TCP_FAKE_BANNER = "SSH-2.0-fake";

/** What `switchable` does: listen or not (connections refused), and the line it greets with. */
export const switchableState = z.object({ open: z.boolean(), banner: z.string().max(200) });
export type SwitchableState = z.infer<typeof switchableState>;

const open = new Set<Socket>();

async function listen(onConnect: (socket: Socket) => void, port = 0): Promise<Server> {
  const server = createServer((s) => {
    open.add(s);
    s.on("close", () => open.delete(s));
    s.on("error", () => {});
    onConnect(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

const portOf = (s: Server) => (s.address() as AddressInfo).port;
const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

/**
 * The switchable listener and its control. Closing stops listening on the port (so a connect
 * is refused, as with a service that is down) and drops its connections; opening listens on
 * the same port again.
 */
async function startSwitchable(): Promise<{ port: number; control: string; stop: () => Promise<void> }> {
  let state: SwitchableState = { open: true, banner: TCP_FAKE_BANNER };
  const mine = new Set<Socket>();
  const greet = (s: Socket) => {
    mine.add(s);
    s.on("close", () => mine.delete(s));
    s.write(`${state.banner}\r\n`);
  };
  let server: Server | undefined = await listen(greet);
  const port = portOf(server);
  const apply = async (next: SwitchableState) => {
    state = next;
    if (!next.open && server) {
      const closing = close(server);
      server = undefined;
      for (const s of mine) s.destroy();
      await closing;
    } else if (next.open && !server) {
      server = await listen(greet, port);
    }
  };
  const http = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      const parsed = switchableState.safeParse(safeJson(body));
      if (req.method !== "POST" || req.url !== "/switchable" || !parsed.success) {
        res.writeHead(400).end("POST /switchable {open, banner}");
        return;
      }
      apply(parsed.data).then(
        () => res.writeHead(204).end(),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    port,
    control: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    stop: async () => {
      // The Worker's fetches may keep their connections alive; close() would wait for them.
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (server) await close(server);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Starts the TCP listeners on 127.0.0.1; `stop` closes them. */
export async function startTcpFakes(): Promise<{ info: TcpFakeInfo; stop: () => Promise<void> }> {
  const banner = await listen((s) => {
    s.write(`${TCP_FAKE_BANNER}\r\n`);
  });
  const silent = await listen(() => {});
  const switchable = await startSwitchable();
  return {
    info: {
      banner: portOf(banner),
      silent: portOf(silent),
      switchable: switchable.port,
      control: switchable.control,
    },
    stop: async () => {
      for (const s of open) s.destroy();
      await Promise.all([close(banner), close(silent), switchable.stop()]);
    },
  };
}
