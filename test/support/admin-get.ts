import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index";
import { TEST_PUBLIC_URL, TEST_SECRETS } from "./test-config";

/** `GET path` on the Worker as the admin (bearer token), under `patched` bindings; waits for its background work. */
export async function adminGet(patched: Env, path: string): Promise<{ status: number; text: string }> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${TEST_PUBLIC_URL}${path}`, {
      headers: { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
    }),
    patched,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, text: await res.text() };
}
