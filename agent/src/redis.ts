import { connect } from "node:net";
import { assertDockerReachable, type CommandRunner } from "./runner.ts";

/** Answer of a Redis PING. */
export interface RedisPing {
  pong: boolean;
  reason?: string;
}

/** Where to PING: inside a container with `redis-cli`, or over raw TCP. */
export type RedisTarget = { kind: "docker"; container: string } | { kind: "tcp"; host: string; port: number };

/** The runbook's `docker exec calendar-redis redis-cli ping`. */
async function pingViaDocker(run: CommandRunner, container: string, timeoutMs: number): Promise<RedisPing> {
  // `--` ends docker's options, so a container name can never be read as a flag.
  const result = await run("docker", ["exec", "--", container, "redis-cli", "ping"], {
    timeoutMs,
    maxBytes: 4096,
  });
  assertDockerReachable(result);
  const answer = result.stdout.trim();
  if (result.exitCode === 0 && answer === "PONG") return { pong: true };
  const said = (answer || result.stderr.trim() || `exit code ${result.exitCode}`).split("\n")[0] ?? "";
  return { pong: false, reason: `redis-cli ping: ${said.slice(0, 200)}` };
}

/** Sends an inline `PING` and expects `+PONG`; an error reply (e.g. NOAUTH) is reported as given. */
function pingViaTcp(host: string, port: number, timeoutMs: number): Promise<RedisPing> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = "";
    const finish = (outcome: RedisPing) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => finish({ pong: false, reason: `no answer within ${timeoutMs} ms` }));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      finish({ pong: false, reason: `${host}:${port}: ${error.code ?? error.message}` }),
    );
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      if (received.length > 1024) return finish({ pong: false, reason: "unexpected reply" });
      const end = received.indexOf("\r\n");
      if (end < 0) return;
      const reply = received.slice(0, end);
      finish(reply === "+PONG" ? { pong: true } : { pong: false, reason: `reply ${reply.slice(0, 200)}` });
    });
    socket.on("close", () => finish({ pong: false, reason: "connection closed without a reply" }));
  });
}

/** PINGs Redis the configured way. */
export function collectRedis(run: CommandRunner, target: RedisTarget, timeoutMs: number): Promise<RedisPing> {
  return target.kind === "docker"
    ? pingViaDocker(run, target.container, timeoutMs)
    : pingViaTcp(target.host, target.port, timeoutMs);
}
