import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A stand-in `docker` binary for the agent's boundary: the real agent runs it through its real
 * exec runner (argument arrays, no shell), and it answers from a JSON state file the test or the
 * bench controls. `restart` and `compose up -d` make the app "starting", then "healthy" after
 * `healthyAfterMs` (or never, with `restartFixes: false`).
 */
export interface FakeDockerState {
  /** The app container's name. */
  app: string;
  /** Other containers, always running. */
  others: string[];
  /** The app's state as `docker inspect` shows it. */
  appStatus: "running" | "exited";
  /** Its healthcheck. */
  health: "healthy" | "unhealthy" | "starting";
  /** When the app restarted last (epoch ms); health turns "healthy" `healthyAfterMs` later. */
  restartedAt?: number;
  healthyAfterMs: number;
  /** False: a restart leaves the app unhealthy (the "still failing" path). */
  restartFixes: boolean;
  /** Lines `docker logs` prints (to stderr, like the app's Python logging). */
  log: string[];
  /** Every argument array the fake was called with, oldest first. */
  calls: string[][];
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require("node:fs");
const file = process.env.FAKE_DOCKER_STATE;
const state = JSON.parse(fs.readFileSync(file, "utf8"));
const args = process.argv.slice(2);
state.calls.push(args);
const save = () => fs.writeFileSync(file, JSON.stringify(state));
const now = Date.now();
if (state.restartedAt !== undefined && state.restartFixes && now - state.restartedAt >= state.healthyAfterMs) {
  state.health = "healthy";
  state.appStatus = "running";
}
const stateOf = (name) =>
  name === state.app
    ? { Status: state.appStatus, Running: state.appStatus === "running", ExitCode: state.appStatus === "running" ? 0 : 1,
        OOMKilled: false, StartedAt: new Date(state.restartedAt ?? now - 3600000).toISOString(),
        FinishedAt: "0001-01-01T00:00:00Z", Health: { Status: state.health } }
    : { Status: "running", Running: true, ExitCode: 0, OOMKilled: false,
        StartedAt: new Date(now - 86400000).toISOString(), FinishedAt: "0001-01-01T00:00:00Z" };
const names = () => args.slice(args.indexOf("--") + 1);
const restart = () => {
  state.restartedAt = now;
  state.appStatus = "running";
  state.health = "starting";
};
const [cmd] = args;
if (cmd === "inspect" && args.includes("--format")) {
  process.stdout.write(JSON.stringify(stateOf(names()[0])) + "\n");
} else if (cmd === "inspect") {
  const all = [state.app, ...state.others];
  const found = names().filter((n) => all.includes(n));
  process.stdout.write(JSON.stringify(found.map((n) => ({ Name: "/" + n, RestartCount: 0, State: stateOf(n) }))));
  for (const n of names().filter((n) => !all.includes(n))) process.stderr.write("Error: No such container: " + n + "\n");
  if (found.length < names().length) process.exitCode = 1;
} else if (cmd === "logs") {
  process.stderr.write(state.log.map((l) => l + "\n").join(""));
} else if (cmd === "restart") {
  restart();
} else if (cmd === "compose" && args.includes("down")) {
  state.appStatus = "exited";
} else if (cmd === "compose" && args.includes("up")) {
  restart();
} else if (cmd === "exec" && args.includes("redis-cli")) {
  process.stdout.write("PONG\n");
} else if (cmd === "exec" && args.includes("curl")) {
  process.stdout.write("302");
} else if (cmd === "exec" && args.includes("ping")) {
  process.stdout.write("1 packets transmitted, 1 received\n");
} else {
  process.stderr.write("fake docker: unexpected " + args.join(" ") + "\n");
  process.exitCode = 1;
}
save();
`;

/** A fake docker installed in a temp directory: put `dir` first on the agent's PATH and pass `env`. */
export interface FakeDocker {
  dir: string;
  /** Environment for the agent's commands: PATH with the fake first, and its state file. */
  env: Record<string, string>;
  read(): FakeDockerState;
  write(patch: Partial<FakeDockerState>): void;
  remove(): void;
}

/** Installs the fake with an app that is down (exited, unhealthy) and logs an exception. */
export function installFakeDocker(initial: Partial<FakeDockerState> = {}): FakeDocker {
  const dir = mkdtempSync(join(tmpdir(), "fake-docker-"));
  const bin = join(dir, "docker");
  writeFileSync(bin, SCRIPT);
  chmodSync(bin, 0o755);
  const stateFile = join(dir, "state.json");
  const state: FakeDockerState = {
    app: "telegram-bot",
    others: ["calendar-redis", "radicale-calendar"],
    appStatus: "exited",
    health: "unhealthy",
    healthyAfterMs: 2000,
    restartFixes: true,
    log: [
      "2026-01-11 08:15:00,000 - app.main - INFO - polling Telegram",
      "Traceback (most recent call last):",
      "sqlite3.OperationalError: database is locked",
    ],
    calls: [],
    ...initial,
  };
  writeFileSync(stateFile, JSON.stringify(state));
  const read = () => JSON.parse(readFileSync(stateFile, "utf8")) as FakeDockerState;
  return {
    dir,
    env: { PATH: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`, FAKE_DOCKER_STATE: stateFile },
    read,
    write: (patch) => writeFileSync(stateFile, JSON.stringify({ ...read(), ...patch })),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
