import { type AddressInfo, createServer, type Server, type Socket } from "node:net";

/** Ports of the loopback TCP listeners the `tcp` check tests connect to. */
export interface TcpFakeInfo {
  /** Greets every connection with `SSH-2.0-fake` and a line break, then waits. */
  banner: number;
  /** Accepts and says nothing. */
  silent: number;
}

/** The greeting of the `banner` listener. */
export const TCP_FAKE_BANNER = "SSH-2.0-fake";

const open = new Set<Socket>();

async function listen(onConnect: (socket: Socket) => void): Promise<Server> {
  const server = createServer((s) => {
    open.add(s);
    s.on("close", () => open.delete(s));
    onConnect(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Starts the TCP listeners on 127.0.0.1; `stop` closes them. */
export async function startTcpFakes(): Promise<{ info: TcpFakeInfo; stop: () => Promise<void> }> {
  const banner = await listen((s) => {
    s.on("error", () => {});
    s.write(`${TCP_FAKE_BANNER}\r\n`);
  });
  const silent = await listen((s) => {
    s.on("error", () => {});
  });
  const port = (s: Server) => (s.address() as AddressInfo).port;
  const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    info: { banner: port(banner), silent: port(silent) },
    stop: async () => {
      for (const s of open) s.destroy();
      await Promise.all([close(banner), close(silent)]);
    },
  };
}
