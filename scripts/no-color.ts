/**
 * NO_COLOR (https://no-color.org) for `wrangler dev`: wrangler prints every `console.error` and
 * `console.warn` of the Worker as a coloured "✘ [ERROR]" block and ignores NO_COLOR when it does
 * (wrangler 4.164, its logger calls esbuild's formatMessagesSync with `color: true`). The Worker
 * itself logs plain text, so the local runners strip the codes from wrangler's output instead.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";

const ESC = "\u001b";
/** The start of an escape sequence whose end has not arrived: ESC alone, or a CSI still reading its parameters. */
const UNFINISHED = new RegExp(`${ESC}(?:\\[[0-9;?]*)?$`);

/** Text without escape sequences, and without a stray ESC that never became one. */
function plain(text: string): string {
  return stripVTControlCharacters(text).replaceAll(ESC, "");
}

/** True when the environment asks for output without colour: NO_COLOR set and not empty. */
export function noColorWanted(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR ?? "") !== "";
}

/** A stateful filter over chunks of terminal output that drops escape sequences, even split across chunks. */
export function colourStripper(): { write: (chunk: string) => string; end: () => string } {
  let held = "";
  return {
    write(chunk) {
      const text = held + chunk;
      // A sequence cut at the chunk's end waits for the rest before it is stripped.
      const cut = UNFINISHED.exec(text);
      held = cut ? cut[0] : "";
      return plain(cut ? text.slice(0, cut.index) : text);
    },
    end() {
      const rest = plain(held);
      held = "";
      return rest;
    },
  };
}

function pipeStripped(from: Readable | null, to: Writable): void {
  if (!from) return;
  const strip = colourStripper();
  from.setEncoding("utf8");
  from.on("data", (chunk: string) => to.write(strip.write(chunk)));
  from.on("end", () => to.write(strip.end()));
}

/** Where a child's output goes: the terminal by default. */
export interface Sinks {
  stdout: Writable;
  stderr: Writable;
}

/**
 * Spawns a dev server such as `wrangler dev`. With NO_COLOR in `options.env` its output passes
 * through `colourStripper` on the way to `sinks`; otherwise it inherits the terminal untouched
 * (wrangler keeps its colours and interactive keys).
 */
export function spawnHonouringNoColor(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { env: NodeJS.ProcessEnv },
  sinks: Sinks = { stdout: process.stdout, stderr: process.stderr },
): ChildProcess {
  if (!noColorWanted(options.env)) return spawn(command, args, { ...options, stdio: "inherit" });
  const child = spawn(command, args, { ...options, stdio: ["inherit", "pipe", "pipe"] });
  pipeStripped(child.stdout, sinks.stdout);
  pipeStripped(child.stderr, sinks.stderr);
  return child;
}
