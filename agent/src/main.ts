import { AgentConfigError, loadAgentConfig } from "./config.ts";
import { jsonLogger } from "./log.ts";
import { createExecRunner } from "./runner.ts";
import { startAgent } from "./server.ts";

// Entry point for `npm run agent`, the container and the systemd unit.
try {
  const config = loadAgentConfig(process.env);
  // The secret lives in `config` only; children and later env dumps never see it.
  delete process.env.AGENT_HMAC_SECRET;
  const agent = await startAgent(config, {
    run: createExecRunner(),
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    log: jsonLogger,
  });
  jsonLogger({ level: "info", msg: "agent listening", url: `${agent.url}${config.AGENT_PATH}` });
  const stop = (signal: string) => {
    jsonLogger({ level: "info", msg: "agent stopping", signal });
    agent.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (error) {
  const message =
    error instanceof AgentConfigError ? error.message : `agent failed to start: ${String(error)}`;
  jsonLogger({ level: "error", msg: message });
  process.exitCode = 1;
}
