import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHttp, checkRadicaleInContainer, endpoint } from "../src/http-check.ts";
import { DAEMON_DOWN, fail, fakeRunner, ok } from "./support.ts";

let server: Server;
let base: string;
const fetchFn = (url: string, init: RequestInit) => fetch(url, init);

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/-/healthy") return res.writeHead(200).end("Prometheus Server is Healthy.\n");
    if (req.url === "/ready")
      return res.writeHead(503).end("Ingester not ready: waiting for 15s after being ready\n");
    if (req.url === "/") return res.writeHead(302, { Location: "/.web" }).end();
    if (req.url === "/moved") return res.writeHead(301, { Location: "/-/healthy" }).end();
    if (req.url === "/slow") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("HTTP reachability", () => {
  it("accepts 2xx from a health endpoint", async () => {
    expect(await checkHttp(fetchFn, endpoint(`${base}/`, "/-/healthy"), 1000)).toEqual({
      ok: true,
      status: 200,
    });
  });

  it("reports a 503 (Loki not ready)", async () => {
    expect(await checkHttp(fetchFn, `${base}/ready`, 1000)).toEqual({
      ok: false,
      status: 503,
      reason: "HTTP 503",
    });
  });

  it("does not follow a redirect to a healthy page", async () => {
    expect(await checkHttp(fetchFn, `${base}/moved`, 1000)).toEqual({
      ok: false,
      status: 301,
      reason: "HTTP 301",
    });
  });

  it("counts Radicale's redirect to its web UI as reachable", async () => {
    expect(await checkHttp(fetchFn, `${base}/`, 1000, "answers")).toEqual({ ok: true, status: 302 });
  });

  it("times out", async () => {
    expect(await checkHttp(fetchFn, `${base}/slow`, 150)).toEqual({
      ok: false,
      reason: "timeout after 150 ms",
    });
  });

  it("reports a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await checkHttp(fetchFn, `http://127.0.0.1:${port}/`, 1000)).toEqual({
      ok: false,
      reason: "ECONNREFUSED",
    });
  });
});

describe("Radicale inside its container", () => {
  it("runs the runbook's curl through docker exec with an argument array", async () => {
    const run = fakeRunner(() => ok("302"));
    expect(await checkRadicaleInContainer(run, "radicale-calendar", 3000)).toEqual({ ok: true, status: 302 });
    expect(run.calls[0]?.args).toEqual([
      "exec",
      "--",
      "radicale-calendar",
      "curl",
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "--max-time",
      "2",
      "http://localhost:5232/",
    ]);
  });

  it("names curl's connection refused", async () => {
    const run = fakeRunner(() => fail(7, "", "000"));
    expect(await checkRadicaleInContainer(run, "radicale-calendar", 3000)).toEqual({
      ok: false,
      reason: "curl: connection refused",
    });
  });

  it("reports a container that is not running", async () => {
    const run = fakeRunner(() =>
      fail(
        1,
        "Error response from daemon: container c4a9b8e7d6f5 is restarting, wait until the container is running\n",
      ),
    );
    const r = await checkRadicaleInContainer(run, "radicale-calendar", 3000);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/is restarting/);
  });

  it("fails as a collector when Docker is unreachable", async () => {
    const run = fakeRunner(() => fail(1, DAEMON_DOWN));
    await expect(checkRadicaleInContainer(run, "radicale-calendar", 3000)).rejects.toThrow(/Docker daemon/);
  });
});
