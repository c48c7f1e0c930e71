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
    const res = await fetch(`${this.base}/__fake/script`, {
      method: "POST",
      body: JSON.stringify({ path: this.prefix + path, responses }),
    });
    if (!res.ok) throw new Error(`fake script failed: ${res.status}`);
    return this.url(path);
  }

  /** Requests received under this prefix (optionally a sub-path). */
  async calls(path = ""): Promise<FakeCall[]> {
    const res = await fetch(`${this.base}/__fake/calls?prefix=${encodeURIComponent(this.prefix + path)}`);
    return (await res.json()) as FakeCall[];
  }
}

export type { FakeCall, FakeResponse };
