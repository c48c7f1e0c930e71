import assert from "node:assert/strict";
import { existsSync } from "node:fs";

/** Debian's chromium; `.ci/run` installs it. Override with E2E_CHROMIUM. */
export const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Headless, offline and quiet: no sandbox (root in CI), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Fails the scenario with the remedy when chromium is not installed. */
export function assertChromium(): void {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
}
