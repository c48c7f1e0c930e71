import type { TestProject } from "vitest/node";

/**
 * Starts the loopback servers tests probe, and tells the Workers side their ports. The paths
 * the test config points at answer like healthy services, Telegram and the mail API until a
 * test scripts them otherwise, so a tick in one file never pages for another file's services.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startFakes } = await import("./fakes.ts");
  const {
    CHECKED_ADDRESS,
    CHECKED_API,
    CHECKED_DOH,
    CHECKS_ONLY_API,
    TEST_SECRETS,
    TEST_SERVICE_IDS,
    dohAnswer,
    healthyBody,
  } = await import("./test-config.ts");
  const fakes = await startFakes();
  const script = async (path: string, body: unknown) => {
    const res = await fetch(`${fakes.info.baseUrl}/__fake/script`, {
      method: "POST",
      body: JSON.stringify({ path, responses: [{ body }] }),
    });
    if (!res.ok) throw new Error(`fake script failed: ${res.status}`);
  };
  for (const id of TEST_SERVICE_IDS) await script(`/svc/${id}/health`, healthyBody());
  await script(CHECKED_API, { status: "ok" });
  await script(CHECKED_DOH, dohAnswer(CHECKED_ADDRESS));
  await script(CHECKS_ONLY_API, { status: "ok" });
  const bot = `/tg/bot${TEST_SECRETS.TELEGRAM_BOT_TOKEN}`;
  await script(`${bot}/sendMessage`, { ok: true, result: { message_id: 7001 } });
  await script(`${bot}/editMessageText`, { ok: true, result: { message_id: 7001 } });
  await script("/mail/emails", { id: "em_test" });
  project.provide("fakes", fakes.info);
  const { startTcpFakes } = await import("./tcp-fake.ts");
  const tcp = await startTcpFakes();
  project.provide("tcpFakes", tcp.info);
  return async () => {
    await tcp.stop();
    await fakes.stop();
  };
}
