import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { assertChromium, CHROMIUM, CHROMIUM_FLAGS } from "../lib/chromium.ts";
import { nameOf, recover, type Scenario, waitForIncident } from "./common.ts";

const spec = { id: "history" };
const name = nameOf(spec);

/**
 * Issue 15 item 7: a service has an incident; headless Chromium screenshots the admin status
 * page and the public page. Both draw the 90-day SVG bar with today marked P1; the public page
 * shows the outage but no finding detail, host or token.
 */
export const history: Scenario = {
  name: "history: the admin and public status pages draw the 90-day bar of a service that had an incident",
  proves:
    "headless Chromium: /status shows the SVG uptime bar, latency chart and SLA; /public shows the bar and the ongoing outage without details, hosts or the token",
  services: [spec],
  timeoutMs: 90_000,
  async run({ stack, artifacts, log }) {
    assertChromium();
    stack.fakes.watched.setMode(spec.id, "down");
    const incident = await waitForIncident(stack, spec.id, 30_000);
    const token = stack.worker.secrets.ADMIN_TOKEN;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 30_000,
    });
    try {
      // The public page, with no credential at all, while the outage is on.
      const visitor = await browser.newContext();
      const tab = await visitor.newPage();
      tab.setDefaultTimeout(10_000);
      const res = await tab.goto(`${stack.worker.url}/public`);
      assert.equal(res?.status(), 200);
      assert.match(res?.headers()["cache-control"] ?? "", /public, max-age=\d+, stale-while-revalidate=\d+/);
      const section = tab.locator("section.public-service", { hasText: name });
      assert.equal(
        await section.locator("svg.bar rect.day").count(),
        90,
        "the public 90-day bar has a cell a day",
      );
      assert.ok((await section.locator("svg.bar rect.day.P1").count()) >= 1, "today is marked P1");
      assert.equal(await section.locator(".state.down").count(), 1);
      const html = await tab.content();
      for (const secret of [
        "telegram-bot is not running",
        "503",
        "127.0.0.1",
        token,
        incident.id,
        "/a/",
        "watchdog",
      ])
        assert.ok(!html.includes(secret), `the public page shows no ${secret === token ? "token" : secret}`);
      await tab.screenshot({ path: join(artifacts, "public.png"), fullPage: true });
      await visitor.close();

      // The admin page, with the bearer token.
      const admin = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
      const page = await admin.newPage();
      page.setDefaultTimeout(10_000);
      const status = await page.goto(`${stack.worker.url}/status`);
      assert.equal(status?.status(), 200);
      // The e2e estate has more than 10 services, so /status lists them and each links to its
      // own page with the history (issue 17: a view never asks every service's object).
      await page.locator(`a[href="/status/services/${spec.id}"]`).click();
      await page.waitForURL(`**/status/services/${spec.id}`);
      const mine = page.locator(`section.history[data-service="${spec.id}"]`);
      assert.equal(
        await mine.locator("svg.bar rect.day").count(),
        90,
        "the admin 90-day bar has a cell a day",
      );
      assert.ok(
        (await mine.locator("svg.bar rect.day.P1").count()) >= 1,
        "today is marked P1 on the admin page",
      );
      assert.equal(
        await mine.locator("svg.latency polyline.p95").count(),
        1,
        "the 48-hour latency chart is drawn",
      );
      assert.ok(
        (await page.locator("svg.timeline rect.incident.P1").count()) >= 1,
        "the incident is on the time line",
      );
      await page.screenshot({ path: join(artifacts, "status-history.png"), fullPage: true });
      await admin.close();
      log(`screenshots in ${artifacts}: public.png, status-history.png`);
    } finally {
      await browser.close();
    }
    await recover(stack, spec.id, incident.id, 30_000);
  },
};
