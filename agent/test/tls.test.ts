import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentReport } from "../../src/checks/agent-report.ts";
import { loadAgentConfig } from "../src/config.ts";
import { collectReport, createCollectors } from "../src/report.ts";
import { inspectTls } from "../src/tls.ts";
import { fakeRunner, ok } from "./support.ts";

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "agent-tls-"));

/** A self-signed certificate (test-only key, made here) for `san`, valid `days` days. */
function selfSigned(name: string, san: string, days: number): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      String(days),
      "-subj",
      `/CN=${san}/O=Watchdog Test CA`,
      "-addext",
      `subjectAltName=DNS:${san}`,
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

const servers: Server[] = [];
async function serve(pair: { key: string; cert: string }): Promise<number> {
  const server = createServer(pair, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

let good: { key: string; cert: string };
let goodPort: number;
let wrongName: { key: string; cert: string };
let wrongPort: number;

beforeAll(async () => {
  good = selfSigned("good", "localhost", 10);
  wrongName = selfSigned("wrong", "other.example", 90);
  goodPort = await serve(good);
  wrongPort = await serve(wrongName);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(dir, { recursive: true, force: true });
});

describe("issue 16 item 4: the agent reads TLS certificates (loopback TLS server)", () => {
  it("a trusted certificate for the host: issuer, expiry, chain verified, name matching", async () => {
    const r = await inspectTls({ host: "localhost", port: goodPort }, { timeoutMs: 2_000, ca: good.cert });
    expect(r).toMatchObject({
      target: `localhost:${goodPort}`,
      connected: true,
      issuer: "Watchdog Test CA",
      chainVerified: true,
      nameMatches: true,
    });
    const left = (Date.parse(r.notAfter ?? "") - Date.now()) / DAY;
    expect(left).toBeGreaterThan(9);
    expect(left).toBeLessThanOrEqual(10);
    expect(r.reason).toBeUndefined();
  });

  it("a chain that does not verify (self-signed, untrusted) is reported with its reason, certificate still read", async () => {
    const r = await inspectTls({ host: "localhost", port: goodPort }, { timeoutMs: 2_000 });
    expect(r).toMatchObject({
      connected: true,
      chainVerified: false,
      nameMatches: true,
      issuer: "Watchdog Test CA",
    });
    expect(r.reason).toMatch(/SELF_SIGNED|self-signed|self signed/i);
  });

  it("a certificate for another name is a mismatch", async () => {
    const r = await inspectTls(
      { host: "localhost", port: wrongPort },
      { timeoutMs: 2_000, ca: wrongName.cert },
    );
    expect(r).toMatchObject({ connected: true, chainVerified: true, nameMatches: false });
    expect(r.reason).toMatch(/localhost/);
  });

  it("a closed port is not connected, with the error", async () => {
    const r = await inspectTls({ host: "127.0.0.1", port: 9 }, { timeoutMs: 2_000 });
    expect(r).toMatchObject({ connected: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("AGENT_TLS_HOSTS reaches the report, which the Worker's schema accepts", async () => {
    const config = loadAgentConfig({
      AGENT_HMAC_SECRET: "a-secret-of-sixteen-plus",
      AGENT_TLS_HOSTS: `localhost:${goodPort}, localhost:${wrongPort}`,
      AGENT_COLLECTOR_TIMEOUT_MS: "2000",
    });
    expect(config.AGENT_TLS_HOSTS).toEqual([
      { host: "localhost", port: goodPort },
      { host: "localhost", port: wrongPort },
    ]);
    const collectors = createCollectors(config, {
      run: fakeRunner(() => ok("")),
      fetch: async () => new Response("ok"),
      now: () => Date.now(),
      tlsCa: good.cert,
    });
    const report = await collectReport(collectors, { timeoutMs: 2_000, now: () => Date.now(), host: "test" });
    expect(agentReport.parse(report).tls).toEqual([
      expect.objectContaining({ target: `localhost:${goodPort}`, chainVerified: true }),
      expect.objectContaining({ target: `localhost:${wrongPort}`, chainVerified: false }),
    ]);
  });

  it("AGENT_TLS_HOSTS: port defaults to 443, a bad entry names itself, none configured means no section", () => {
    const base = { AGENT_HMAC_SECRET: "a-secret-of-sixteen-plus" };
    expect(loadAgentConfig({ ...base, AGENT_TLS_HOSTS: "calendar.example.com" }).AGENT_TLS_HOSTS).toEqual([
      { host: "calendar.example.com", port: 443 },
    ]);
    expect(() => loadAgentConfig({ ...base, AGENT_TLS_HOSTS: "ok.example:443,bad host:x" })).toThrow(
      /AGENT_TLS_HOSTS.*"bad host:x"/,
    );
    const none = createCollectors(loadAgentConfig(base), {
      run: fakeRunner(() => ok("")),
      fetch: async () => new Response("ok"),
      now: () => Date.now(),
    });
    expect(none.tls).toBeUndefined();
  });
});
