import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { actionLink, waitForTelegram } from "../harness.ts";
import { assertChromium, CHROMIUM, CHROMIUM_FLAGS } from "../lib/chromium.ts";
import { nameOf, recover, type Scenario } from "./common.ts";

const spec = { id: "browser" };
const name = nameOf(spec);

/**
 * The status page in the browser (issue 13 item 4): the sign-in form, a wrong token refused, the
 * right one accepted by POST and the page shown with the incident, no token in any URL.
 */
async function statusLogin(tab: Page, base: string, token: string, incidentId: string): Promise<void> {
  const first = await tab.goto(`${base}/status`);
  assert.equal(first?.status(), 401);
  await tab.getByRole("heading", { name: "Sign in" }).waitFor();
  await tab.fill("#token", "not-the-admin-token");
  await Promise.all([tab.waitForURL(`${base}/status/login`), tab.click("button[type=submit]")]);
  await tab.getByText("Wrong token.").waitFor();
  await tab.fill("#token", token);
  await Promise.all([tab.waitForURL(`${base}/status`), tab.click("button[type=submit]")]);
  await tab.getByRole("heading", { name: "Service status" }).waitFor();
  assert.ok(((await tab.locator("body").textContent()) ?? "").includes(incidentId), "the incident is listed");
  assert.ok(!tab.url().includes(token), "the token is in no URL");
}

/** A person opens the Acknowledge link in a real browser, submits the form and sees it acknowledged. */
export const browser: Scenario = {
  name: "browser acknowledges through the confirmation page, then signs in to the status page",
  proves:
    "headless Chromium: link → incident shown → form submitted → acknowledged page; /status sign-in form → session cookie (no token) → status page",
  services: [spec],
  timeoutMs: 60_000,
  async run({ stack, artifacts, log }) {
    assertChromium();
    stack.fakes.watched.setMode(spec.id, "down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    const url = actionLink(page, "acknowledge");
    assert.ok(url);
    const profile = mkdtempSync(join(artifacts, "chromium-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 30_000,
    });
    try {
      const tab = await context.newPage();
      tab.setDefaultTimeout(10_000);
      const res = await tab.goto(url);
      assert.equal(res?.status(), 200);
      await tab.getByRole("heading", { name: "Acknowledge incident" }).waitFor();
      const body = (await tab.locator("body").textContent()) ?? "";
      assert.ok(body.includes(name), "the page shows the incident's service");
      assert.match(body, /P1/);
      await tab.screenshot({ path: join(artifacts, "confirm.png"), fullPage: true });
      const before = await stack.worker.incident(await incidentIdOf(stack));
      assert.equal(before.status, "open", "opening the page changed nothing");
      await tab.fill("#name", "frank-browser");
      await tab.fill("#note", "looking at it from the browser");
      await Promise.all([tab.waitForURL(url), tab.click("button[type=submit]")]);
      const result = tab.locator("p.result");
      await result.waitFor();
      assert.match((await result.textContent()) ?? "", /Acknowledged by frank-browser/);
      await tab.screenshot({ path: join(artifacts, "acknowledged.png"), fullPage: true });
      log(`screenshots in ${artifacts}`);
      const after = await stack.worker.incident(before.id);
      assert.equal(after.status, "acknowledged");
      assert.match(after.acknowledgedBy ?? "", /frank-browser/);
      const entry = after.timeline.find((e) => e.kind === "acknowledged");
      assert.match(entry?.meta?.userAgent ?? "", /Chrome/, "the browser's user agent is on the timeline");
      assert.ok(
        after.timeline.some((e) => e.text.includes("looking at it from the browser")),
        "the note is kept",
      );
      await statusLogin(tab, stack.worker.url, stack.worker.secrets.ADMIN_TOKEN, before.id);
      const [session] = await context.cookies(`${stack.worker.url}/status`);
      assert.equal(session?.name, "watchdog_session");
      assert.ok(
        session && !session.value.includes(stack.worker.secrets.ADMIN_TOKEN),
        "the cookie holds no token",
      );
      assert.equal(session?.httpOnly, true);
      assert.equal(session?.sameSite, "Strict");
      await tab.screenshot({ path: join(artifacts, "status.png"), fullPage: true });
      await recover(stack, spec.id, before.id);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
};

async function incidentIdOf(stack: Parameters<Scenario["run"]>[0]["stack"]): Promise<string> {
  return (await stack.worker.incidents(spec.id, "active"))[0]?.id ?? "";
}
