import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configCheck } from "./config-check-run";

/** A config of `count` services with real host names, on Paid. */
function fleet(count: number) {
  return {
    plan: "paid",
    publicUrl: "https://watchdog.example.com",
    services: Array.from({ length: count }, (_, i) => ({
      id: `svc-${i}`,
      name: `Service number ${i}`,
      healthUrl: `https://svc-${i}.example.com/health`,
    })),
    escalation: { levels: { L1: [{ channel: "telegram", chatId: "-100123" }] } },
  };
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "config-bundle-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("config:check and the bundled config file", () => {
  it("issue 17 item 1: refuses a WATCHDOG_CONFIG override over 5 KB, naming the limit and the remedy", async () => {
    const file = join(dir, "override.json");
    await writeFile(file, JSON.stringify(fleet(60)));
    const { code, out } = await configCheck(file);
    expect(code).toBe(1);
    expect(out).toMatch(/WATCHDOG_CONFIG is [\d,]+ bytes, over Cloudflare's limit of 5 KB \(5,120 bytes\)/);
    expect(out).toContain("Environment variable size | 5 KB | 5 KB");
    expect(out).toMatch(/Remedy: move the config into watchdog\.config\.ts/);
  }, 90_000);

  it("issue 17 item 1: a small override passes and its size is reported against the variable limit", async () => {
    const file = join(dir, "small.json");
    await writeFile(file, JSON.stringify(fleet(2)));
    const { code, out } = await configCheck(file);
    expect(code).toBe(0);
    expect(out).toMatch(/Config size: [\d,]+ bytes .* as the WATCHDOG_CONFIG variable, of the 5 KB/);
  }, 90_000);

  it("issue 17 item 1: wrangler.toml's environments run their sections of watchdog.config.ts, sized in the bundle", async () => {
    // The example's strong secrets, so a developer's own `.dev.vars` does not decide this test.
    const top = await configCheck("wrangler.toml", "--secrets", ".dev.vars.example");
    expect(top.code).toBe(0);
    expect(top.out).toContain("✓ wrangler.toml → watchdog.config.ts (default): 1 service(s)");
    expect(top.out).toMatch(/Config size: [\d,]+ bytes .* in the Worker bundle/);
    const production = await configCheck("wrangler.toml", "--env", "production");
    expect(production.code).toBe(0);
    expect(production.out).toContain("✓ wrangler.toml [env.production] → watchdog.config.ts (production)");
  }, 90_000);

  it("issue 17 item 1: a config file of 1,000 services, far beyond 5 KB, passes from the bundle with its estimate", async () => {
    const file = join(dir, "estate.config.ts");
    const define = join(process.cwd(), "src/config/define.ts");
    await writeFile(
      file,
      `import { defineConfig } from ${JSON.stringify(define)};\nexport default defineConfig({ default: ${JSON.stringify(fleet(1_000))} });\n`,
    );
    const { code, out } = await configCheck(file);
    expect(out).toMatch(/✓ .*estate\.config\.ts \(default\): 1000 service\(s\)/);
    expect(out).toMatch(/Config size: [\d,]+ bytes \(\d+\.\d KiB\) as JSON in the Worker bundle/);
    expect(out).toMatch(/Estimated usage, every service healthy \(plan paid/);
    expect(out).toMatch(/Beyond the \$5 monthly minimum: about \$[\d.]+ a month/);
    expect(code).toBe(0);
  }, 90_000);
});
