import { type ExecFileException, execFile, spawn } from "node:child_process";

/** What a finished command printed and how it exited. */
export interface CommandResult {
  /** Exit code; null when the process was killed by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Options of one command run. */
export interface RunOptions {
  /** Kill the process after this long. */
  timeoutMs: number;
  /** Largest output accepted per stream; past it the process is killed. Default 1 MiB. */
  maxBytes?: number;
  /**
   * Receive the output line by line, stdout and stderr alike, instead of buffering it: memory
   * stays bounded however much a command prints. The result's `stdout` is then empty and its
   * `stderr` holds only the first 4 KiB (for error messages).
   */
  onLine?: (line: string) => void;
}

/**
 * Runs a program with an argument array, never a shell string. Resolves with any exit
 * code; rejects with a `CommandError` when the program cannot start, times out or
 * prints too much.
 */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: RunOptions,
) => Promise<CommandResult>;

/** Why a command produced no result. */
export type CommandFailure = "not_found" | "timeout" | "too_much_output" | "failed";

/** A command that produced no result. */
export class CommandError extends Error {
  readonly code: CommandFailure;

  constructor(code: CommandFailure, message: string) {
    super(message);
    this.code = code;
  }
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The parent's environment without the agent's own variables, so no child ever sees the secret. */
export function childEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("AGENT_")));
}

/** Longest line handed to `onLine`; the rest of a longer line is dropped, so one line cannot fill memory. */
const MAX_LINE_CHARS = 64 * 1024;
/** How much stderr a streamed run keeps for error messages. */
const STDERR_HEAD_CHARS = 4096;

/** Cuts a stream's text into lines for `onLine`, across chunk boundaries. */
function lineSplitter(onLine: (line: string) => void) {
  let pending = "";
  let dropping = false;
  return {
    push(chunk: string) {
      const parts = chunk.split("\n");
      const last = parts.pop() ?? "";
      for (const part of parts) {
        if (!dropping) onLine(pending + part);
        pending = "";
        dropping = false;
      }
      if (dropping) return;
      pending += last;
      if (pending.length > MAX_LINE_CHARS) {
        onLine(pending.slice(0, MAX_LINE_CHARS));
        pending = "";
        dropping = true;
      }
    },
    end() {
      if (pending && !dropping) onLine(pending);
      pending = "";
    },
  };
}

/** Runs a command with `spawn`, handing its output to `onLine` as it arrives. */
function streamLines(
  file: string,
  args: readonly string[],
  { timeoutMs, maxBytes = DEFAULT_MAX_BYTES }: RunOptions,
  onLine: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { env, shell: false, stdio: ["ignore", "pipe", "pipe"] });
    let failure: CommandError | undefined;
    let settled = false;
    let stderrHead = "";
    const stop = (error: CommandError) => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop(new CommandError("timeout", `${file}: timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const splitters = [child.stdout, child.stderr].map((stream) => {
      const splitter = lineSplitter(onLine);
      let bytes = 0;
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        if (failure) return;
        bytes += Buffer.byteLength(chunk);
        if (bytes > maxBytes)
          return stop(new CommandError("too_much_output", `${file}: output over ${maxBytes} bytes`));
        if (stream === child.stderr && stderrHead.length < STDERR_HEAD_CHARS)
          stderrHead = (stderrHead + chunk).slice(0, STDERR_HEAD_CHARS);
        splitter.push(chunk);
      });
      return splitter;
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new CommandError("not_found", `${file}: not installed`)
          : new CommandError("failed", `${file}: ${error.message}`),
      );
    });
    child.on("close", (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure) return reject(failure);
      for (const splitter of splitters) splitter.end();
      resolve({ exitCode: code, stdout: "", stderr: stderrHead });
    });
  });
}

/** A `CommandRunner` on `child_process.execFile` (or `spawn` with `onLine`) with a hard timeout and output cap. */
export function createExecRunner(env: NodeJS.ProcessEnv = childEnvironment(process.env)): CommandRunner {
  return (file, args, options) => {
    if (options.onLine) return streamLines(file, args, options, options.onLine, env);
    const { timeoutMs, maxBytes = DEFAULT_MAX_BYTES } = options;
    return new Promise((resolve, reject) => {
      execFile(
        file,
        [...args],
        {
          timeout: timeoutMs,
          maxBuffer: maxBytes,
          killSignal: "SIGKILL",
          encoding: "utf8",
          env,
          shell: false,
        },
        (error: ExecFileException | null, stdout, stderr) => {
          if (!error) return resolve({ exitCode: 0, stdout, stderr });
          if (error.code === "ENOENT") return reject(new CommandError("not_found", `${file}: not installed`));
          if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
            return reject(new CommandError("too_much_output", `${file}: output over ${maxBytes} bytes`));
          }
          if (error.killed)
            return reject(new CommandError("timeout", `${file}: timed out after ${timeoutMs} ms`));
          if (typeof error.code === "number") return resolve({ exitCode: error.code, stdout, stderr });
          if (error.signal) return resolve({ exitCode: null, stdout, stderr });
          reject(new CommandError("failed", `${file}: ${error.message}`));
        },
      );
    });
  };
}

/** The first meaningful line of a command's error output, for a report's `error` field. */
export function firstLine(text: string, fallback: string): string {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (line ?? fallback).slice(0, 300);
}

/** Docker CLI errors that mean the agent cannot ask Docker at all (not that a container is down). */
const DOCKER_UNAVAILABLE =
  /cannot connect to the docker daemon|permission denied while trying to connect to the docker/i;

/**
 * Throws when a `docker exec` failed because Docker itself is unreachable, so the report
 * shows a collector error instead of blaming the dependency inside the container.
 */
export function assertDockerReachable(result: CommandResult): void {
  if (result.exitCode !== 0 && DOCKER_UNAVAILABLE.test(result.stderr)) {
    throw new Error(`docker: ${firstLine(result.stderr, "unavailable")}`);
  }
}
