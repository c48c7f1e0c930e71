/**
 * `npm run dev [-- wrangler flags]`: the Worker alone under `wrangler dev --test-scheduled`, with
 * its log lines free of colour codes when NO_COLOR is set (see scripts/no-color.ts).
 */
import { spawnHonouringNoColor } from "./no-color.ts";

const wrangler = spawnHonouringNoColor(
  "npx",
  ["wrangler", "dev", "--test-scheduled", ...process.argv.slice(2)],
  {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => wrangler.kill(signal));
wrangler.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
