import { describe, expect, it } from "vitest";
import { redactLine } from "../src/redact.ts";

const TOKEN = "7212345678:AAHk3x9_Qz-Lm4nOpQrStUvWxYz012345678";
const HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const B64 = "dGhpc0lzQVNlY3JldEtleTEyMzQ1Njc4OTBhYmNkZWY=";

describe("issue 14 item 1a: log redaction", () => {
  const cases: [string, string, string, string][] = [
    // name, line, must not contain, expected
    [
      "a bot token in a Telegram API URL",
      `POST https://api.telegram.org/bot${TOKEN}/getUpdates failed`,
      TOKEN,
      "POST https://api.telegram.org/bot<redacted:bot-token>/getUpdates failed",
    ],
    ["a bare bot token", `token=${TOKEN}`, TOKEN, "token=<redacted:bot-token>"],
    [
      "an Authorization header with a scheme",
      "headers: Authorization: Bearer sk_live_abc.def-ghi",
      "sk_live_abc.def-ghi",
      "headers: Authorization: Bearer <redacted:authorization>",
    ],
    [
      "an Authorization header in a Python dict",
      "{'authorization': 'Basic dXNlcjpwYXNz', 'x': 1}",
      "dXNlcjpwYXNz",
      "{'authorization': 'Basic <redacted:authorization>', 'x': 1}",
    ],
    [
      "a password in a redis URL",
      "Error connecting to redis://:hunter2pass@calendar-redis:6379/0",
      "hunter2pass",
      "Error connecting to redis://:<redacted:password>@calendar-redis:6379/0",
    ],
    [
      "a user and password in an http URL",
      "GET http://admin:s3cr%40t@radicale:5232/ 401",
      "s3cr%40t",
      "GET http://admin:<redacted:password>@radicale:5232/ 401",
    ],
    ["a 64-char hex secret", `OPENAI key ${HEX} rejected`, HEX, "OPENAI key <redacted:secret> rejected"],
    ["a base64 secret with padding", `secret=${B64}`, B64, "secret=<redacted:secret>"],
  ];
  for (const [name, line, secret, expected] of cases) {
    it(`removes ${name}`, () => {
      const out = redactLine(line);
      expect(out).not.toContain(secret);
      expect(out).toBe(expected);
    });
  }

  const kept = [
    "2026-01-11 07:12:45,311 - app.services.cache - ERROR - Redis connection refused: Error 111",
    'File "/app/services/calendar_synchronisation_service.py", line 88, in sync_events',
    'INFO:     127.0.0.1:51844 - "GET /health HTTP/1.1" 200 OK',
    "sqlite3.OperationalError: database is locked",
    "short hex cafe1234 and time 12:30:45",
  ];
  for (const line of kept) {
    it(`keeps an ordinary line intact: ${line.slice(0, 40)}`, () => {
      expect(redactLine(line)).toBe(line);
    });
  }
});
