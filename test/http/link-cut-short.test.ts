import { describe, expect, it } from "vitest";
import { testConfig } from "../support/test-config";
import { DOOR_CONFIG, harness } from "./fakes";

describe("a link cut short", () => {
  it("issue 13 item 13: GET /a/ (and /a, /a/x/y) answers the door's HTML broken-link page, not a bare 404", async () => {
    const h = harness();
    for (const [path, method] of [
      ["/a/", "GET"],
      ["/a", "GET"],
      ["/a/x/y", "GET"],
      ["/a/", "POST"],
    ] as const) {
      const res = await h.app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const page = await res.text();
      expect(page).toContain("Ссылка повреждена");
      expect(page).toMatch(/^<!doctype html>/i);
    }
    expect(h.mutations()).toBe(0);
  });

  it("issue 13 item 13: the page speaks the config's language", async () => {
    const h = harness({ config: testConfig({ ...DOOR_CONFIG, locale: "en" }) });
    expect(await (await h.app.request("/a/")).text()).toContain("Broken link");
  });
});
