import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { consoleLines } from "../notify/fixtures";

it("issue 13 item 13: the Worker's invalid-config line is plain text, one problem a line (colour is wrangler dev's)", async () => {
  const broken = { ...env, WATCHDOG_CONFIG: { publicUrl: "nope" } } as unknown as Env;
  const ctx = createExecutionContext();
  const { lines } = await consoleLines(async () => {
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), broken, ctx);
    await waitOnExecutionContext(ctx);
  });
  expect(lines).toContain(
    "tick skipped: invalid config:\npublicUrl: must be an http(s) URL\nservices: Invalid input: expected array, received undefined\n",
  );
  expect(lines).not.toContain("\u001b");
});
