import { Hono } from "hono";
import { html } from "hono/html";
import { formatUtcSeconds } from "../time-format";
import { adminAuth } from "./auth";
import type { ConfiguredEnv } from "./deps";
import { isLoopback } from "./loopback";

/**
 * The local outbox: with `notify.outbox` on (the `npm start` default), Telegram and email
 * land here instead of leaving the machine. Off in any other config. Its messages carry live
 * action links, so it opens only on loopback or with the admin token as a bearer header.
 */
export function outboxRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  const admin = adminAuth();
  app.use("/outbox", async (c, next) => {
    if (!c.var.config.notify.outbox) return c.notFound();
    return isLoopback(c) ? next() : admin(c, next);
  });
  app.get("/outbox", async (c) => {
    const entries = await c.var.deps.state.outbox(100);
    // The door's headers (no-store, no referrer, a CSP without scripts) cover the JSON too.
    if (c.req.query("format") === "json") return c.json(entries);
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta http-equiv="refresh" content="15" />
          <title>Outbox — watchdog</title>
          <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; max-width: 60em; }
            article { border: 1px solid #ccc; border-radius: 6px; padding: 0.8em 1em; margin: 1em 0; }
            pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.6em; }
            .meta { color: #555; }
            a.button { display: inline-block; margin-right: 0.6em; padding: 0.3em 0.8em; border: 1px solid #36c; border-radius: 4px; text-decoration: none; }
          </style>
        </head>
        <body>
          <h1>Outbox</h1>
          <p class="meta">Messages that would have gone to Telegram and email (newest first; refreshes every 15 s).</p>
          ${entries.length === 0 ? html`<p>Nothing sent yet. Break the demo service and wait for a page.</p>` : ""}
          ${entries.map(
            (e) => html`<article>
              <div class="meta">
                ${formatUtcSeconds(e.at)} · ${e.channel} → ${e.recipient} ·
                ${e.level} · ${e.kind}
              </div>
              <h3>${e.subject}</h3>
              <pre>${e.text}</pre>
              ${e.links.map((l) => html`<a class="button" href="${l.url}">${l.label}</a>`)}
            </article>`,
          )}
        </body>
      </html>`);
  });
  return app;
}
