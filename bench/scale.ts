/**
 * `npm run bench:scale`: only the scale bench (issue 17 item 6), 1,000 services on `wrangler
 * dev` for about five minutes. Prints a table, then one JSON line; progress goes to stderr.
 */
import { withDeadline } from "../e2e/harness.ts";
import { measureScale, stopScale } from "./live-scale.ts";
import { machine } from "./machine.ts";
import { scaleFigures, scaleRows } from "./scale-rows.ts";
import { printTable } from "./table.ts";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stopScale().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const scale = await measureScale(log);
  const m = machine();
  console.log(`${m.nproc} × ${m.cpu}, ${m.memGiB} GiB, Node ${m.node}`);
  printTable(scaleRows(scale));
  console.log(JSON.stringify(scaleFigures(scale)));
}

// Bounded: startup, five cron minutes and the teardown stay well under ten minutes.
await withDeadline("npm run bench:scale", 10 * 60_000, main).catch(async (error: unknown) => {
  await stopScale();
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
