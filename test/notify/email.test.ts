import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  createCloudflareEmailNotifier,
  createHttpEmailNotifier,
  type DeliveryResult,
  type EmailBinding,
} from "../../src/escalation/notify";
import { Fake, type FakeResponse } from "../support/fake-client";
import { incident, outgoingFor, recordingSleep } from "./fixtures";

const KEY = env.EMAIL_API_KEY;
const TO = { channel: "email" as const, to: "tech-lead@example.com" };
const sent = (id = "em_1"): FakeResponse => ({ body: { id } });
const apiErr = (status: number, message: string, headers?: Record<string, string>): FakeResponse => ({
  status,
  body: { statusCode: status, name: "error", message },
  ...(headers ? { headers } : {}),
});

/** A Resend 409, told apart by its `name`. */
const resend409 = (name: string): FakeResponse => ({
  status: 409,
  body: { statusCode: 409, name, message: `Same idempotency key: ${name}` },
});

function http(apiBase: string) {
  const sleep = recordingSleep();
  return {
    sleep,
    n: createHttpEmailNotifier({ apiBase, apiKey: KEY, from: "watchdog@example.com", sleep: sleep.sleep }),
  };
}

describe("HTTP email API: status → retry or not", () => {
  const table: {
    name: string;
    responses: FakeResponse[];
    calls: number;
    waits: number[];
    expect: Partial<DeliveryResult>;
  }[] = [
    {
      name: "200 delivered",
      responses: [sent("em_7")],
      calls: 1,
      waits: [],
      expect: { ok: true, messageId: "em_7" },
    },
    {
      name: "400 permanent",
      responses: [apiErr(400, "Invalid `to` field")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
    {
      name: "401 permanent",
      responses: [apiErr(401, "Missing API key")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "403 permanent",
      responses: [apiErr(403, "Domain not verified")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "404 permanent",
      responses: [apiErr(404, "Not found")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
    {
      name: "429 waits Retry-After then delivers",
      responses: [apiErr(429, "Too many requests", { "retry-after": "2" }), sent("em_8")],
      calls: 2,
      waits: [2000],
      expect: { ok: true, messageId: "em_8" },
    },
    {
      name: "429 beyond the bound fails now, retryable",
      responses: [apiErr(429, "Daily quota", { "retry-after": "3600" })],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: true, reason: "rate_limited" },
    },
    {
      name: "500 retried with backoff, then gives up",
      responses: [apiErr(500, "Internal")],
      calls: 3,
      waits: [500, 1000],
      expect: { ok: false, retryable: true, reason: "server" },
    },
    {
      name: "502 then 200",
      responses: [{ status: 502, body: "bad gateway" }, sent("em_9")],
      calls: 2,
      waits: [500],
      expect: { ok: true, messageId: "em_9" },
    },
  ];

  // Resend's 409s differ by the error's name: only a request still in flight is worth retrying.
  table.push(
    {
      name: "issue 13 item 8: 409 concurrent_idempotent_requests is retried, then delivered",
      responses: [resend409("concurrent_idempotent_requests"), sent("em_10")],
      calls: 2,
      waits: [500],
      expect: { ok: true, messageId: "em_10" },
    },
    {
      name: "issue 13 item 8: 409 concurrent_idempotent_requests still in flight stays retryable for the step",
      responses: [resend409("concurrent_idempotent_requests")],
      calls: 3,
      waits: [500, 1000],
      expect: { ok: false, retryable: true, reason: "server" },
    },
    {
      name: "issue 13 item 8: 409 invalid_idempotent_request is permanent",
      responses: [resend409("invalid_idempotent_request")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
  );

  it.each(table)("$name", async (row) => {
    const fake = new Fake();
    await fake.script("/emails", ...row.responses);
    const { n, sleep } = http(fake.url(""));
    const result = await n.send(outgoingFor(), TO);
    expect(result).toMatchObject({ channel: "email", recipient: TO.to, ...row.expect });
    expect(await fake.calls()).toHaveLength(row.calls);
    expect(sleep.waits).toEqual(row.waits);
  });

  it("network error (closed port) is retryable and retried", async () => {
    const { n, sleep } = http("http://127.0.0.1:1");
    expect(await n.send(outgoingFor(), TO)).toMatchObject({ ok: false, retryable: true, reason: "network" });
    expect(sleep.waits).toEqual([500, 1000]);
  });
});

describe("HTTP email API: the request", () => {
  it("posts text and HTML with bearer auth, the step's Idempotency-Key and incident threading", async () => {
    const fake = new Fake();
    await fake.script("/emails", sent());
    const msg = outgoingFor("escalation");
    await http(fake.url("")).n.send(msg, TO);
    const [call] = await fake.calls("/emails");
    expect(call?.method).toBe("POST");
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.headers["idempotency-key"]).toBe(msg.key);
    const body = JSON.parse(call?.body ?? "{}");
    expect(body).toMatchObject({
      from: "watchdog@example.com",
      to: [TO.to],
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
    });
    expect(body.headers).toMatchObject({
      "Auto-Submitted": "auto-generated",
      "In-Reply-To": "<incident-ai-calendar-1@example.com>",
      References: "<incident-ai-calendar-1@example.com>",
    });
    expect(body.headers["Message-ID"]).toMatch(/^<ai-calendar-1-1-escalation-L1-[0-9a-f]{8}@example\.com>$/);
  });

  // Threading on an id no message carries (`<incident-…@watchdog>`) leaves every mail client a ghost
  // root; the page is the incident's first mail, so it carries the root id and the rest reply to it.
  it("issue 13 item 9: ids are on the sender's domain, and the first page is the thread root the rest reply to", async () => {
    const fake = new Fake();
    await fake.script("/emails", sent());
    const n = createHttpEmailNotifier({
      apiBase: fake.url(""),
      apiKey: KEY,
      from: "Alerts@Ops.Example.org",
      sleep: recordingSleep().sleep,
    });
    const reopened = incident({ epoch: 2 });
    const steps = [
      outgoingFor("page"),
      outgoingFor("escalation"),
      outgoingFor("reminder"),
      outgoingFor("resolved"),
      outgoingFor("page", reopened),
      { ...outgoingFor("page"), level: "L2" as const, key: "ai-calendar:1/1/page/L2/P1.1" },
    ];
    for (const msg of steps) await n.send(msg, TO);
    const headers = (await fake.calls()).map((c) => JSON.parse(c.body).headers as Record<string, string>);
    const root = "<incident-ai-calendar-1@ops.example.org>";
    const [page, ...rest] = headers;
    expect(page?.["Message-ID"]).toBe(root);
    expect(page).not.toHaveProperty("In-Reply-To");
    expect(page).not.toHaveProperty("References");
    for (const h of rest) {
      expect(h["Message-ID"]).toMatch(/^<ai-calendar-1-[1-2]-[a-z_]+-L[1-4]-[0-9a-f]{8}@ops\.example\.org>$/);
      expect(h["In-Reply-To"]).toBe(root);
      expect(h.References).toBe(root);
    }
    expect(new Set(headers.map((h) => h["Message-ID"])).size).toBe(headers.length);
    expect(() => createHttpEmailNotifier({ apiBase: fake.url(""), apiKey: KEY, from: "watchdog" })).toThrow(
      "notify.email.from has no domain for Message-IDs",
    );
  });

  it("the same step keeps its Message-ID across retries; another step gets another", async () => {
    const fake = new Fake();
    await fake.script("/emails", sent());
    const { n } = http(fake.url(""));
    const a = outgoingFor("reminder");
    await n.send(a, TO);
    await n.send(a, TO);
    await n.send({ ...a, key: `${a.key}-next` }, TO);
    const ids = (await fake.calls()).map((c) => JSON.parse(c.body).headers["Message-ID"]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});

describe("Cloudflare send_email binding", () => {
  function recorder(fail?: { code?: string; message: string }) {
    const sentMessages: Parameters<EmailBinding["send"]>[0][] = [];
    const binding: EmailBinding = {
      async send(m) {
        sentMessages.push(m);
        if (fail) throw Object.assign(new Error(fail.message), fail.code ? { code: fail.code } : {});
        return { messageId: "cf-msg-1" };
      },
    };
    return { binding, sentMessages };
  }

  it("sends the structured form with text, HTML and threading headers, but no Message-ID (Cloudflare sets it)", async () => {
    const { binding, sentMessages } = recorder();
    const msg = outgoingFor("page", incident({ id: "ai-calendar:7", epoch: 2 }));
    const result = await createCloudflareEmailNotifier({ binding, from: "watchdog@example.com" }).send(
      msg,
      TO,
    );
    expect(result).toEqual({ ok: true, channel: "email", messageId: "cf-msg-1", recipient: TO.to });
    const [m] = sentMessages;
    expect(m).toMatchObject({
      from: "watchdog@example.com",
      to: TO.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
    });
    expect(m?.headers).toMatchObject({
      "Auto-Submitted": "auto-generated",
      "In-Reply-To": "<incident-ai-calendar-7@example.com>",
      References: "<incident-ai-calendar-7@example.com>",
    });
    expect(m?.headers).not.toHaveProperty("Message-ID");
  });

  it.each([
    ["E_RATE_LIMIT_EXCEEDED", true, "rate_limited"],
    ["E_INTERNAL_SERVER_ERROR", true, "server"],
    ["E_RECIPIENT_SUPPRESSED", false, "recipient_gone"],
    ["E_SENDER_NOT_VERIFIED", false, "auth"],
    ["E_HEADER_NOT_ALLOWED", false, "bad_request"],
    [undefined, true, "server"],
  ] as const)("error %s → retryable %s, %s", async (code, retryable, reason) => {
    const { binding } = recorder({ ...(code ? { code } : {}), message: "nope" });
    const result = await createCloudflareEmailNotifier({
      binding,
      from: "watchdog@example.com",
      log: () => {},
    }).send(outgoingFor(), TO);
    expect(result).toMatchObject({ ok: false, channel: "email", retryable, reason });
  });
});
