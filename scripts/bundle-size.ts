/**
 * `npm run bundle-size`: the production bundle as `wrangler deploy --dry-run --env production`
 * builds it (offline, nothing is uploaded), raw and gzip-compressed, in the bench's table and
 * as one JSON line. `npm run bench` reports the same figure.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { printTable, type Row } from "../bench/table.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const KIB = 1024;

/** Size of the Worker bundle that a deploy would upload. */
export interface BundleSize {
  /** The wrangler environment built. */
  env: string;
  /** The uploaded modules (source maps excluded: they do not count against the size limit). */
  files: string[];
  /** Their total size in bytes. */
  rawBytes: number;
  /** Their gzip-compressed size in bytes (zlib's default level, the figure wrangler prints). */
  gzipBytes: number;
}

/** Builds the bundle with the project's own wrangler into a temporary directory and measures it. */
export async function measureBundle(env = "production"): Promise<BundleSize> {
  const outdir = await mkdtemp(join(tmpdir(), "watchdog-bundle-"));
  try {
    await promisify(execFile)(
      join(ROOT, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir, "--env", env],
      {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const files = (await readdir(outdir)).filter((f) => /\.(m?js|wasm)$/.test(f)).sort();
    if (files.length === 0) throw new Error(`wrangler wrote no module to ${outdir}`);
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const bytes = await readFile(join(outdir, file));
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes).length;
    }
    return { env, files, rawBytes, gzipBytes };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** Bytes as KiB with one decimal, the unit wrangler prints. */
export function kib(bytes: number): number {
  return Math.round((bytes / KIB) * 10) / 10;
}

/** The two rows of the bench's table. */
export function bundleRows(size: BundleSize): Row[] {
  const note = `wrangler deploy --dry-run --env ${size.env}: ${size.files.join(", ")}`;
  return [
    { name: "bundle_raw_kib", value: kib(size.rawBytes).toFixed(1), target: "", note },
    {
      name: "bundle_gzip_kib",
      value: kib(size.gzipBytes).toFixed(1),
      target: "",
      note: `gzip ${((size.gzipBytes / size.rawBytes) * 100).toFixed(0)} % of raw (zlib default level)`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const env = process.argv[2] ?? "production";
  try {
    const size = await measureBundle(env);
    printTable(bundleRows(size));
    console.log(JSON.stringify({ bundle_raw_kib: kib(size.rawBytes), bundle_gzip_kib: kib(size.gzipBytes) }));
  } catch (error) {
    console.error(`bundle-size: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
