import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const scripts: Record<string, string> = JSON.parse(readFileSync("package.json", "utf8")).scripts;

describe("generated Env types", () => {
  it("issue 13 item 12: npm run check runs `wrangler types --check`, and the committed types pass it", async () => {
    expect(scripts.check?.split(" && ")).toContain("npm run types:check");
    expect(scripts["types:check"]).toMatch(/\bwrangler types --check\b/);
    // The check replays the command recorded in the file's header, so .dev.vars on this machine does not matter.
    const { stdout } = await run("npx", ["wrangler", "types", "--check"], {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
      timeout: 60_000,
    });
    expect(stdout).toContain("up to date");
  }, 90_000);
});
