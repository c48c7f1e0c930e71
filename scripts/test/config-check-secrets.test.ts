import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "config-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run config:check -- …args` and returns its exit code and output. */
function configCheck(...args: string[]): { code: number | null; out: string } {
  const run = spawnSync("npx", ["tsx", "scripts/config-check.ts", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

function secretsFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("config:check", () => {
  it("issue 13 item 5: names each weak secret and fails, never printing its value", () => {
    const weak = secretsFile(
      "weak.env",
      `ADMIN_TOKEN="hunter2"\nLINK_SIGNING_KEY=${"changeme-".repeat(5)}\nAGENT_HMAC_SECRET=${randomBytes(32).toString("hex")}\n`,
    );
    const { code, out } = configCheck("wrangler.toml", "--env", "production", "--secrets", weak);
    expect(code).toBe(1);
    expect(out).toMatch(/ADMIN_TOKEN: too weak: 7 characters; needs at least 32/);
    expect(out).toMatch(/LINK_SIGNING_KEY: too weak: one short string repeated/);
    expect(out).not.toMatch(/AGENT_HMAC_SECRET|hunter2|changeme/);
  }, 60_000);

  it("issue 13 item 5: passes strong secrets from a JSON file (what `wrangler secret bulk` takes)", () => {
    const strong = secretsFile(
      "strong.json",
      JSON.stringify({
        ADMIN_TOKEN: randomBytes(32).toString("base64"),
        LINK_SIGNING_KEY: randomBytes(32).toString("hex"),
        AGENT_HMAC_SECRET: randomBytes(16).toString("hex"),
      }),
    );
    const { code, out } = configCheck("wrangler.toml", "--env", "production", "--secrets", strong);
    expect(out).not.toMatch(/too weak/);
    expect(code).toBe(0);
  }, 60_000);

  it("issue 13 item 2: warns about the local-only demo config, refuses it for deploy, and deploy runs the check", () => {
    // Strong secrets given, so a developer's own `.dev.vars` does not decide this test.
    const strong = secretsFile("demo.env", `ADMIN_TOKEN=${randomBytes(32).toString("hex")}\n`);
    const check = configCheck("wrangler.toml", "--secrets", strong);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/! localOnly: this is a demo config for this machine/);
    const deploy = configCheck("wrangler.toml", "--deploy", "--secrets", strong);
    expect(deploy.code).toBe(1);
    expect(deploy.out).toMatch(/✗ wrangler\.toml → watchdog\.config\.ts \(default\): localOnly/);
    const production = configCheck("wrangler.toml", "--env", "production", "--deploy");
    expect(production.out).not.toMatch(/localOnly/);
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.deploy).toMatch(
      /^tsx scripts\/config-check\.ts --env production --deploy && .*wrangler deploy --env production$/,
    );
  }, 120_000);
});
