import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { collectRedis } from "../src/redis.ts";
import { DAEMON_DOWN, fail, fakeRunner, ok } from "./support.ts";

const noRun = fakeRunner(() => {
  throw new Error("no command expected");
});

describe("redis collector via docker exec", () => {
  it("runs the runbook's redis-cli ping and accepts PONG", async () => {
    const run = fakeRunner(() => ok("PONG\n"));
    expect(await collectRedis(run, { kind: "docker", container: "calendar-redis" }, 1000)).toEqual({
      pong: true,
    });
    expect(run.calls[0]?.args).toEqual(["exec", "--", "calendar-redis", "redis-cli", "ping"]);
  });

  it("reports redis-cli's own words when Redis refuses", async () => {
    const run = fakeRunner(() =>
      fail(1, "", "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n"),
    );
    expect(await collectRedis(run, { kind: "docker", container: "calendar-redis" }, 1000)).toEqual({
      pong: false,
      reason: "redis-cli ping: Could not connect to Redis at 127.0.0.1:6379: Connection refused",
    });
  });

  it("reports a stopped container as no PONG", async () => {
    const run = fakeRunner(() =>
      fail(1, "Error response from daemon: container 2f7d0c9e8b1a is not running\n"),
    );
    const ping = await collectRedis(run, { kind: "docker", container: "calendar-redis" }, 1000);
    expect(ping.pong).toBe(false);
    expect(ping.reason).toMatch(/is not running/);
  });

  it("reports NOAUTH as no PONG", async () => {
    const run = fakeRunner(() => ok("NOAUTH Authentication required.\n"));
    const ping = await collectRedis(run, { kind: "docker", container: "calendar-redis" }, 1000);
    expect(ping).toEqual({ pong: false, reason: "redis-cli ping: NOAUTH Authentication required." });
  });

  it("fails as a collector, not as Redis down, when Docker itself is unreachable", async () => {
    const run = fakeRunner(() => fail(1, DAEMON_DOWN));
    await expect(collectRedis(run, { kind: "docker", container: "calendar-redis" }, 1000)).rejects.toThrow(
      /Cannot connect to the Docker daemon/,
    );
  });
});

describe("redis collector via TCP", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function listen(onData: (socket: Socket, data: string) => void): Promise<number> {
    server = createServer((socket) => socket.on("data", (d) => onData(socket, d.toString())));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
  }

  it("sends PING and accepts +PONG, even split across packets", async () => {
    const seen: string[] = [];
    const port = await listen((socket, data) => {
      seen.push(data);
      socket.write("+PO");
      setTimeout(() => socket.write("NG\r\n"), 20);
    });
    expect(await collectRedis(noRun, { kind: "tcp", host: "127.0.0.1", port }, 1000)).toEqual({ pong: true });
    expect(seen.join("")).toBe("PING\r\n");
  });

  it("reports an error reply", async () => {
    const port = await listen((socket) => socket.write("-NOAUTH Authentication required.\r\n"));
    expect(await collectRedis(noRun, { kind: "tcp", host: "127.0.0.1", port }, 1000)).toEqual({
      pong: false,
      reason: "reply -NOAUTH Authentication required.",
    });
  });

  it("reports a silent server after the timeout", async () => {
    const port = await listen(() => {});
    expect(await collectRedis(noRun, { kind: "tcp", host: "127.0.0.1", port }, 200)).toEqual({
      pong: false,
      reason: "no answer within 200 ms",
    });
  });

  it("reports a closed port", async () => {
    const port = await listen(() => {});
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const ping = await collectRedis(noRun, { kind: "tcp", host: "127.0.0.1", port }, 1000);
    expect(ping).toEqual({ pong: false, reason: `127.0.0.1:${port}: ECONNREFUSED` });
  });
});
