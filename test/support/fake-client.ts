import { inject } from "vitest";
import type { FakeCall, FakeResponse } from "./fakes";

/**
 * The Workers-side handle on the loopback fake. Each instance owns a unique path prefix,
 * so test files running in parallel never see each other's traffic.
 */
export class Fake {
  readonly base = inject("fakes").baseUrl;
  readonly prefix = `/t/${crypto.randomUUID()}`;

  /** Absolute URL of a path under this fake's prefix. */
  url(path: string): string {
    return `${this.base}${this.prefix}${path}`;
  }

  /** Answers `path` with these responses in order; the last one repeats. */
  async script(path: string, ...responses: FakeResponse[]): Promise<string> {
    await this.scriptAbsolute(this.prefix + path, ...responses);
    return this.url(path);
  }

  /** Requests received under this prefix (optionally a sub-path). */
  async calls(path = ""): Promise<FakeCall[]> {
    return this.callsAbsolute(this.prefix + path);
  }

  /**
   * Answers an absolute path (no per-instance prefix), e.g. `/svc/<id>/health` that the test
   * config points at. Such paths are shared by every test file: script only your own.
   */
  async scriptAbsolute(path: string, ...responses: FakeResponse[]): Promise<string> {
    const res = await fetch(`${this.base}/__fake/script`, {
      method: "POST",
      body: JSON.stringify({ path, responses }),
    });
    if (!res.ok) throw new Error(`fake script failed: ${res.status}`);
    return `${this.base}${path}`;
  }

  /** Requests received on absolute paths starting with `prefix`, oldest first. */
  async callsAbsolute(prefix: string): Promise<FakeCall[]> {
    const res = await fetch(`${this.base}/__fake/calls?prefix=${encodeURIComponent(prefix)}`);
    return (await res.json()) as FakeCall[];
  }
}

export type { FakeCall, FakeResponse };
