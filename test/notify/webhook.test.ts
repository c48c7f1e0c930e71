import { describe, expect, it } from "vitest";
import { contactSchema } from "../../src/config/schema";
import { missingSecrets } from "../../src/config/secrets";
import {
  createRegistry,
  createWebhookNotifier,
  type DeliveryResult,
  type OutgoingMessage,
  WEBHOOK_SIGNATURE_HEADER,
  webhookSignature,
} from "../../src/escalation/notify";
import { Fake, type FakeResponse } from "../support/fake-client";
import { config, incident, NOW, outgoingFor, recordingSleep } from "./fixtures";

const SECRET = "test-webhook-signing-secret-7a1c9e3b5d";
const view = incident();

/** A page as `deliver` hands it over: rendered text plus the incident's facts. */
function page(): OutgoingMessage {
  const { id, epoch, serviceId, serviceName, status, severity, openedAt, findings } = view;
  return {
    ...outgoingFor("page", view),
    incident: { id, epoch, serviceId, serviceName, status, severity, openedAt, findings },
  };
}

const hook = (url: string, format: "json" | "slack" = "json") =>
  contactSchema.parse({ channel: "webhook", url, format });

function notifier(secret: string | undefined = SECRET) {
  const sleep = recordingSleep();
  return { sleep, n: createWebhookNotifier({ signingSecret: secret, sleep: sleep.sleep, log: () => {} }) };
}

describe("issue 16 item 1: webhook channel, status → retry or not", () => {
  const table: {
    name: string;
    responses: FakeResponse[];
    calls: number;
    waits: number[];
    expect: Partial<DeliveryResult>;
  }[] = [
    { name: "200 delivered", responses: [{ body: "ok" }], calls: 1, waits: [], expect: { ok: true } },
    {
      name: "204 delivered",
      responses: [{ status: 204, body: "" }],
      calls: 1,
      waits: [],
      expect: { ok: true },
    },
    {
      name: "302 is not followed and fails for good",
      responses: [{ status: 302, headers: { location: "https://elsewhere.example/" }, body: "" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
    {
      name: "400 permanent",
      responses: [{ status: 400, body: "invalid_payload" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
    {
      name: "401 auth",
      responses: [{ status: 401, body: "bad signature" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "403 auth",
      responses: [{ status: 403, body: "invalid_token" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "404 hook gone",
      responses: [{ status: 404, body: "no_service" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "recipient_gone" },
    },
    {
      name: "410 channel archived",
      responses: [{ status: 410, body: "channel_is_archived" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "recipient_gone" },
    },
    {
      name: "429 waits Retry-After then delivers",
      responses: [{ status: 429, headers: { "retry-after": "2" }, body: "slow down" }, { body: "ok" }],
      calls: 2,
      waits: [2000],
      expect: { ok: true },
    },
    {
      name: "429 beyond the bound fails now, retryable",
      responses: [{ status: 429, headers: { "retry-after": "600" }, body: "slow down" }],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: true, reason: "rate_limited", retryAfterMs: 600_000 },
    },
    {
      name: "500 retried with backoff, then gives up",
      responses: [{ status: 500, body: "boom" }],
      calls: 3,
      waits: [500, 1000],
      expect: { ok: false, retryable: true, reason: "server" },
    },
    {
      name: "503 then 200",
      responses: [{ status: 503, body: "busy" }, { body: "ok" }],
      calls: 2,
      waits: [500],
      expect: { ok: true },
    },
  ];

  it.each(table)("$name", async (row) => {
    const fake = new Fake();
    const url = await fake.script("/hook", ...row.responses);
    const { n, sleep } = notifier();
    const result = await n.send(page(), hook(url));
    expect(result).toMatchObject({ channel: "webhook", ...row.expect });
    expect(await fake.calls()).toHaveLength(row.calls);
    expect(sleep.waits).toEqual(row.waits);
  });

  it("a closed port is a retryable network failure", async () => {
    const { n, sleep } = notifier();
    const r = await n.send(page(), hook("http://127.0.0.1:1/hook"));
    expect(r).toMatchObject({ ok: false, retryable: true, reason: "network" });
    expect(sleep.waits).toEqual([500, 1000]);
  });

  it("a JSON webhook without WEBHOOK_SIGNING_SECRET is refused without a request", async () => {
    const fake = new Fake();
    const url = await fake.script("/hook", { body: "ok" });
    const r = await notifier("").n.send(page(), hook(url));
    expect(r).toMatchObject({ ok: false, retryable: false, reason: "bad_request" });
    expect(await fake.calls()).toEqual([]);
  });
});

describe("issue 16 item 1: webhook channel, the request", () => {
  it("JSON: the incident's facts and links, signed over the exact body, with the step's Idempotency-Key", async () => {
    const fake = new Fake();
    const url = await fake.script("/hook", { body: "ok" });
    const msg = page();
    await notifier().n.send(msg, hook(url));
    const [call] = await fake.calls();
    expect(call?.method).toBe("POST");
    expect(call?.headers["idempotency-key"]).toBe(msg.key);
    expect(call?.headers["x-watchdog-event"]).toBe("page");
    const body = call?.body ?? "";
    // The receiver's check: HMAC-SHA256 of the raw body under the shared secret.
    expect(call?.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]).toBe(await webhookSignature(SECRET, body));
    expect(call?.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]).not.toBe(
      await webhookSignature("another-secret-entirely-0123456789", body),
    );
    expect(JSON.parse(body)).toMatchObject({
      event: { id: msg.key, kind: "page", level: "L1" },
      incident: {
        id: view.id,
        serviceId: "ai-calendar",
        severity: "P1",
        status: "open",
        findings: view.findings,
      },
      links: {
        acknowledge: expect.stringContaining("/a/ack"),
        resolve: expect.stringContaining("/a/resolve"),
      },
    });
  });

  it("a retry sends the same bytes under the same key", async () => {
    const fake = new Fake();
    const url = await fake.script("/hook", { status: 502, body: "" }, { body: "ok" });
    await notifier().n.send(page(), hook(url));
    const [a, b] = await fake.calls();
    expect(a?.body).toBe(b?.body);
    expect(a?.headers["idempotency-key"]).toBe(b?.headers["idempotency-key"]);
  });

  it("Slack: `text` and `blocks` with link buttons, mrkdwn escaped", async () => {
    const fake = new Fake();
    const url = await fake.script("/services/T0/B0/XXXX", { body: "ok" });
    const msg = { ...page(), subject: "P1 <AI> & co", text: "down <b>now</b>" };
    expect(await notifier().n.send(msg, hook(url, "slack"))).toMatchObject({ ok: true });
    const body = JSON.parse((await fake.calls())[0]?.body ?? "{}");
    expect(body.text).toBe("P1 &lt;AI&gt; &amp; co");
    expect(body.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "down &lt;b&gt;now&lt;/b&gt;" },
    });
    expect(body.blocks[1].elements.map((e: { url: string }) => e.url)).toEqual(msg.links.map((l) => l.url));
  });

  it("leaks neither the signing secret nor a Slack URL's token in results or logs", async () => {
    const fake = new Fake();
    const url = await fake.script("/services/T0/B0/sekret-token-path", {
      status: 400,
      body: `${SECRET} ${"/services/T0/B0/sekret-token-path"}`,
    });
    const lines: string[] = [];
    const n = createWebhookNotifier({
      signingSecret: SECRET,
      sleep: recordingSleep().sleep,
      log: (l) => lines.push(l),
    });
    const r = await n.send(page(), hook(url, "slack"));
    const seen = `${JSON.stringify(r)}\n${lines.join("\n")}`;
    expect(r.ok).toBe(false);
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain("sekret-token-path");
    expect(r.recipient).toMatch(/^127\.0\.0\.1:\d+#[0-9a-f]{8}$/);
  });

  it("config: a webhook contact needs an http(s) URL, and format defaults to json", () => {
    expect(contactSchema.parse({ channel: "webhook", url: "https://hooks.example/x" })).toEqual({
      channel: "webhook",
      url: "https://hooks.example/x",
      format: "json",
    });
    const bad = contactSchema.safeParse({ channel: "webhook", url: "ftp://x", format: "xml" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["url", "format"]);
  });
});

describe("issue 16 item 1: webhook channel, wiring", () => {
  const withHook = (format: "json" | "slack") =>
    config({
      L1: [{ channel: "telegram", chatId: "1" }],
      L2: [{ channel: "webhook", url: "https://h.example/x", format }],
    });

  it("the registry builds the channel when a level uses it, signing secret or not", () => {
    expect(Object.keys(createRegistry({ config: withHook("slack"), secrets: {}, now: () => NOW }))).toEqual([
      "webhook",
    ]);
    const none = config({ L1: [{ channel: "telegram", chatId: "1" }] });
    expect(
      Object.keys(
        createRegistry({ config: none, secrets: { webhookSigningSecret: SECRET }, now: () => NOW }),
      ),
    ).toEqual([]);
  });

  it("a JSON webhook without WEBHOOK_SIGNING_SECRET is a missing secret; a Slack one is not", () => {
    const paths = (format: "json" | "slack", env: Record<string, string>) =>
      missingSecrets(withHook(format), {
        ADMIN_TOKEN: "x",
        LINK_SIGNING_KEY: "x",
        TELEGRAM_BOT_TOKEN: "x",
        ...env,
      }).map((p) => p.path);
    expect(paths("json", {})).toEqual(["WEBHOOK_SIGNING_SECRET"]);
    expect(paths("json", { WEBHOOK_SIGNING_SECRET: SECRET })).toEqual([]);
    expect(paths("slack", {})).toEqual([]);
  });
});
