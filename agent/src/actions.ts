import type { AgentActionName } from "../../src/checks/agent-actions.ts";
import { redactLine } from "./redact.ts";
import { type CommandRunner, firstLine } from "./runner.ts";

/** How actions are allowed and run on this host; built once from the environment. */
export interface ActionSettings {
  /** Actions `AGENT_ACTIONS` enables; everything else is refused with 403. */
  enabled: readonly AgentActionName[];
  /** The app container (`AGENT_APP_CONTAINER`). */
  app: string;
  /** Compose file for restart-stack (`AGENT_COMPOSE_FILE`). */
  composeFile?: string | undefined;
  /** Started actions allowed per rolling hour. */
  perHour: number;
  /** How long an action may take, healthcheck wait included. */
  timeoutMs: number;
  /** Pause between healthcheck polls. */
  pollMs: number;
}

/** What an action touches. */
export interface ActionDeps {
  run: CommandRunner;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** How one action ended. */
export interface ActionResult {
  ok: boolean;
  detail: string;
}

type Step = readonly string[];

/**
 * The fixed docker argument arrays of each action. Only configuration chosen by the host's
 * owner fills them; nothing from a request ever does.
 */
export function actionSteps(action: AgentActionName, settings: ActionSettings): Step[] {
  switch (action) {
    case "restart-app":
      // Runbook P1 step 2 (`docker-compose restart telegram-bot`), by container name.
      return [["restart", "--", settings.app]];
    case "restart-stack": {
      // Runbook P1 step 3: `down`, then `up -d`, on the configured compose file.
      const file = settings.composeFile;
      if (!file) return [];
      return [
        ["compose", "-f", file, "down"],
        ["compose", "-f", file, "up", "-d"],
      ];
    }
  }
}

const HEALTH = /"Health":\{"Status":"(\w+)"/;
const STATUS = /"Status":"(\w+)"/;

/** The app container's state: healthy when its healthcheck says so, or running when it has none. */
async function appState(deps: ActionDeps, app: string, timeoutMs: number): Promise<"healthy" | string> {
  const result = await deps.run(
    "docker",
    ["inspect", "--type", "container", "--format", "{{json .State}}", "--", app],
    {
      timeoutMs,
      maxBytes: 64 * 1024,
    },
  );
  if (result.exitCode !== 0) return `inspect failed: ${firstLine(result.stderr, "no output")}`;
  const state = result.stdout;
  const health = HEALTH.exec(state)?.[1];
  const status = STATUS.exec(state)?.[1] ?? "unknown";
  if (health) return health === "healthy" ? "healthy" : `${status} (${health})`;
  return status === "running" ? "healthy" : status;
}

/** Runs an action's steps, then waits until the app container is healthy or time runs out. */
export async function runAction(
  action: AgentActionName,
  settings: ActionSettings,
  deps: ActionDeps,
): Promise<ActionResult> {
  const started = deps.now();
  const deadline = started + settings.timeoutMs;
  const steps = actionSteps(action, settings);
  if (steps.length === 0) return { ok: false, detail: `${action} is not configured on this host` };
  for (const args of steps) {
    const left = Math.max(1000, deadline - deps.now());
    const result = await deps.run("docker", args, { timeoutMs: left, maxBytes: 256 * 1024 });
    if (result.exitCode !== 0) {
      const said = redactLine(firstLine(result.stderr, `exit code ${result.exitCode}`));
      return { ok: false, detail: `docker ${args[0]} ${args.at(-1) ?? ""} failed: ${said}`.slice(0, 400) };
    }
  }
  let last = "unknown";
  while (deps.now() < deadline) {
    last = await appState(deps, settings.app, Math.max(1000, Math.min(10_000, deadline - deps.now())));
    if (last === "healthy") {
      const seconds = Math.round((deps.now() - started) / 1000);
      return { ok: true, detail: `${settings.app} healthy after ${seconds} s` };
    }
    await deps.sleep(settings.pollMs);
  }
  const seconds = Math.round(settings.timeoutMs / 1000);
  return { ok: false, detail: `${settings.app} not healthy after ${seconds} s: ${last}`.slice(0, 400) };
}

/** One action at a time per host, and at most `perHour` started per rolling hour. */
export class ActionGate {
  #busy = false;
  #starts: number[] = [];
  readonly #perHour: number;

  constructor(perHour: number) {
    this.#perHour = perHour;
  }

  /** Claims the host for one action, or says why not (and for how long, when rate-limited). */
  claim(
    nowMs: number,
  ):
    | { ok: true }
    | { ok: false; reason: "busy" }
    | { ok: false; reason: "rate_limited"; retryAfter: number } {
    if (this.#busy) return { ok: false, reason: "busy" };
    this.#starts = this.#starts.filter((at) => nowMs - at < HOUR_MS);
    const oldest = this.#starts[0];
    if (this.#starts.length >= this.#perHour && oldest !== undefined) {
      return { ok: false, reason: "rate_limited", retryAfter: Math.ceil((oldest + HOUR_MS - nowMs) / 1000) };
    }
    this.#busy = true;
    this.#starts.push(nowMs);
    return { ok: true };
  }

  /** Frees the host after the action ended, however it ended. */
  release(): void {
    this.#busy = false;
  }
}

const HOUR_MS = 3_600_000;
