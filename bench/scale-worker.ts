/**
 * The Worker side of the scale bench (issue 17 item 6): the project copy that bundles the
 * estate's config, the cron call, and what the bench reads back: the tick's and the shards'
 * subrequest log lines and the objects' state at the end.
 */
import { copyFileSync, cpSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as z from "zod";
import type { WorkerHandle } from "../e2e/harness.ts";
import type { ConfigInput } from "../src/config/schema.ts";
import { median } from "./stats.ts";

/** One invocation's subrequests as the tick and each TickShard log them (src/monitor/subrequests.ts). */
export const lineSchema = z.object({
  durableObjects: z.number(),
  internet: z.number(),
  durationMs: z.number(),
  services: z.number(),
});
export type Line = z.infer<typeof lineSchema>;

/** A copy of the project whose watchdog.config.ts `default` section is `config`; returns its real path. */
export function bundledProject(config: ConfigInput): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "watchdog-scale-")));
  cpSync(resolve("src"), join(dir, "src"), { recursive: true });
  for (const file of ["wrangler.toml", "package.json", "tsconfig.json"])
    copyFileSync(resolve(file), join(dir, file));
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(
    join(dir, "watchdog.config.ts"),
    `import { defineConfig } from "./src/config/define";\n\nexport default defineConfig({ default: ${JSON.stringify(config)} });\n`,
  );
  return dir;
}

/** The subrequest lines the tick or the shards logged, oldest first. */
export function linesOf(logs: string, who: "tick" | "shard"): Line[] {
  const pattern = new RegExp(`${who} subrequests (\\{[^\\n]*?\\})`, "g");
  return [...logs.matchAll(pattern)].map((m) => lineSchema.parse(JSON.parse(m[1] ?? "")));
}

/** The invocation with the most subrequests. */
export const busiest = (lines: readonly Line[]): Line => {
  const [first, ...rest] = lines;
  if (!first) throw new Error("no subrequest line in the Worker's log");
  return rest.reduce(
    (a, b) => (b.durableObjects + b.internet > a.durableObjects + a.internet ? b : a),
    first,
  );
};

/** Fires one cron tick through `/__scheduled`; resolves with its wall time in ms. */
export async function fireTick(worker: WorkerHandle, timeoutMs: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.text();
  if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
  return performance.now() - started;
}

const servicesAnswer = z.object({
  services: z.array(
    z.object({
      findings: z.array(z.object({ code: z.string() })),
      incident: z.unknown().nullable(),
      lastProbe: z.object({ health: z.object({ latencyMs: z.number() }) }).nullable(),
    }),
  ),
});

/** Findings, incidents and probe latencies as the objects hold them at the end of the run. */
export async function endState(worker: WorkerHandle) {
  const answer = await worker.api<unknown>("/api/services");
  if (answer.status !== 200) throw new Error(`GET /api/services answered ${answer.status}`);
  const { services } = servicesAnswer.parse(answer.body);
  const findings: Record<string, number> = {};
  for (const s of services) for (const f of s.findings) findings[f.code] = (findings[f.code] ?? 0) + 1;
  const latencies = services.flatMap((s) => (s.lastProbe ? [s.lastProbe.health.latencyMs] : []));
  return {
    findings,
    incidents: services.filter((s) => s.incident !== null).length,
    latencyP50Ms: latencies.length > 0 ? median(latencies) : Number.NaN,
    latencyMaxMs: Math.max(...latencies),
  };
}
