/**
 * `npm start`: the watchdog locally, offline, on the embedded default config.
 * Starts the bundled demo service, `wrangler dev --test-scheduled`, and fires the cron
 * every minute (wrangler dev does not fire crons on its own); `/__scheduled` fires it on demand.
 */
import type { ChildProcess } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { startDemoService } from "../demo/service.ts";
import { secretWeakness } from "../src/config/secrets.ts";
import { spawnHonouringNoColor } from "./no-color.ts";

const WORKER_PORT = Number(process.env.PORT ?? 8787);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 8790);
const base = `http://127.0.0.1:${WORKER_PORT}`;

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("[start] wrote .dev.vars with local demo secrets (never use them in production)");
}
const devVars = Object.fromEntries(
  (await import("node:fs"))
    .readFileSync(".dev.vars", "utf8")
    .split("\n")
    .filter((l) => /^\w+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);

// A .dev.vars from before secrets had to be strong would leave the status page refusing everyone.
for (const name of ["ADMIN_TOKEN", "LINK_SIGNING_KEY", "AGENT_HMAC_SECRET"]) {
  const weakness = secretWeakness(devVars[name] ?? "");
  if (weakness)
    console.log(`[start] .dev.vars: ${name} is too weak (${weakness}); copy it from .dev.vars.example`);
}

await startDemoService({ port: DEMO_PORT, secret: devVars.AGENT_HMAC_SECRET ?? "" });
console.log(`[start] demo service on http://127.0.0.1:${DEMO_PORT} — break and repair it there`);

// Under NO_COLOR, wrangler's coloured log blocks reach the terminal without their codes.
const wrangler: ChildProcess = spawnHonouringNoColor(
  "npx",
  [
    "wrangler",
    "dev",
    "--test-scheduled",
    "--ip",
    "127.0.0.1",
    "--port",
    String(WORKER_PORT),
    "--show-interactive-dev-session=false",
  ],
  { env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } },
);

async function fireCron(): Promise<void> {
  try {
    const res = await fetch(`${base}/__scheduled?cron=*+*+*+*+*`);
    if (!res.ok) console.log(`[start] cron tick answered ${res.status}`);
  } catch {
    // the Worker is still starting; the next minute tries again
  }
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.status < 500 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

await waitForHealth();
await fireCron();
const timer = setInterval(fireCron, 60_000);
console.log(`
  Watchdog:      ${base}/health
  Status page:   ${base}/status   (sign in with ADMIN_TOKEN from .dev.vars: ${devVars.ADMIN_TOKEN ?? ""})
  Outbox:        ${base}/outbox   (Telegram and email land here locally)
  Demo service:  http://127.0.0.1:${DEMO_PORT}/   (switch it to "down" to see a page)
  Fire the cron: curl '${base}/__scheduled'
`);

const stop = () => {
  clearInterval(timer);
  wrangler.kill("SIGINT");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
wrangler.on("exit", (code) => {
  clearInterval(timer);
  process.exit(code ?? 0);
});
