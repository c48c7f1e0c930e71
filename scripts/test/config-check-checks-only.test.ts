import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configCheck } from "./config-check-run";

/** Runs config:check on these services in a temporary JSON config. */
async function checkServices(services: unknown[]): Promise<{ code: number; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "config-check-"));
  try {
    const file = join(dir, "config.json");
    await writeFile(
      file,
      JSON.stringify({
        publicUrl: "https://watchdog.example.com",
        services,
        escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] } },
      }),
    );
    return await configCheck(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("config:check", () => {
  it("issue 16 item 3: accepts a service watched by general checks alone and shows its usage", async () => {
    const { code, out } = await checkServices([
      { id: "api", name: "API", checks: [{ kind: "tcp", host: "db.example.com", port: 5432 }] },
    ]);
    expect(out).toContain("Estimated usage with every service healthy, on Workers Free:");
    expect(code).toBe(0);
  }, 90_000);

  it("issue 16 item 3: refuses a service with neither healthUrl nor checks, naming the path", async () => {
    const { code, out } = await checkServices([{ id: "api", name: "API" }]);
    expect(code).toBe(1);
    expect(out).toContain("services[0].healthUrl: required unless the service has checks");
  }, 90_000);
});
