import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadAgentConfig } from "../src/config.ts";
import { checkRadicaleInContainer } from "../src/http-check.ts";
import { collectRedis } from "../src/redis.ts";
import { collectReport, createCollectors } from "../src/report.ts";
import { childEnvironment, createExecRunner } from "../src/runner.ts";
import { fakeServer, fixture, inspectFixture } from "./support.ts";

const CONTAINERS = ["telegram-bot", "calendar-redis", "radicale-calendar"];

describe("docker command lines", () => {
  it("issue 13 item 6: every docker command puts -- before the container names", async () => {
    const config = loadAgentConfig({
      AGENT_HMAC_SECRET: "a-secret-of-sixteen+",
      AGENT_BACKUP_DIR: "/nonexistent",
    });
    const run = fakeServer([...inspectFixture().values()]);
    const deps = { run, fetch, now: () => Date.now(), readText: async () => fixture("meminfo.txt") };
    await collectReport(createCollectors(config, deps), { timeoutMs: 1000, now: deps.now });
    const docker = run.calls.filter((c) => c.file === "docker");
    expect(docker.map((c) => c.args[0]).sort()).toEqual(["exec", "exec", "inspect", "logs"]);
    for (const { args } of docker) {
      const end = args.indexOf("--");
      const named = args.filter((a) => CONTAINERS.includes(a));
      expect(end, args.join(" ")).toBeGreaterThan(0);
      expect(named.length, args.join(" ")).toBeGreaterThan(0);
      for (const name of named) expect(args.indexOf(name), args.join(" ")).toBeGreaterThan(end);
    }
  });
});

/** The docker CLI on this machine, if any; the test below needs the real argument parser. */
function dockerCli(): boolean {
  try {
    execFileSync("docker", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!dockerCli())("the real docker CLI against a loopback Docker API", () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  /** A Docker API stand-in on 127.0.0.1 that records which container each request names. */
  async function fakeDockerApi(): Promise<{ host: string; containers: string[] }> {
    const containers: string[] = [];
    const server = createServer((req, res) => {
      const m = /\/containers\/([^/]+)\/json$/.exec(req.url ?? "");
      if (m?.[1]) containers.push(decodeURIComponent(m[1]));
      res.writeHead(404, { "content-type": "application/json", "api-version": "1.45" });
      res.end(JSON.stringify({ message: "No such container" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => server.close());
    return { host: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`, containers };
  }

  it("issue 13 item 6: a flag-like container name reaches Docker as a name, not as a flag", async () => {
    const api = await fakeDockerApi();
    const run = createExecRunner({ ...childEnvironment(process.env), DOCKER_HOST: api.host });
    await collectRedis(run, { kind: "docker", container: "--privileged" }, 5000);
    await checkRadicaleInContainer(run, "--user=root", 5000);
    // Without `--`, docker would take the flags and look up "redis-cli" and "curl" instead.
    expect(api.containers).toEqual(["--privileged", "--user=root"]);
  });
});
