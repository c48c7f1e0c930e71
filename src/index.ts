import { Hono } from "hono";

export { ServiceMonitor } from "./durable/service-monitor";
export { WatchdogState } from "./durable/watchdog-state";

const app = new Hono<{ Bindings: Env }>();
app.get("/health", (c) => c.json({ status: "starting" }));

export default {
  fetch: app.fetch,
  async scheduled() {},
} satisfies ExportedHandler<Env>;
