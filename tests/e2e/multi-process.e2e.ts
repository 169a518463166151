// Two Ferry processes sharing one Redis (--redis-url), as behind a load balancer: two Chromium processes
// whose pages are served by different Ferry processes find each other, and a 5 MiB file arrives intact.
import type { Browser } from "@playwright/test";
import { expect, launchDevice, startFerry, test, type Ferry } from "./fixtures";
import { startRedis, type RedisServer } from "../support/redis-server";
import { bytes, expectSavedFiles } from "./test-bytes";

test("pages on two Ferry processes with one Redis see each other and transfer a 5 MiB file byte-identical", async () => {
  test.setTimeout(120_000);
  let redis: RedisServer | null = null;
  const servers: Ferry[] = [];
  const browsers: Browser[] = [];
  try {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) servers.push(await startFerry(["--no-turn", "--redis-url", redis.url]));
    const [a, b] = [await launchDevice(servers[0]!.url), await launchDevice(servers[1]!.url)];
    browsers.push(a.browser, b.browser);
    const nameB = (await b.page.getByTestId("self-name").textContent())!.trim();
    const nameA = (await a.page.getByTestId("self-name").textContent())!.trim();
    const tileOfB = a.page.getByTestId("peer").filter({ hasText: nameB });
    await expect(tileOfB).toBeVisible();
    await expect(b.page.getByTestId("peer").filter({ hasText: nameA })).toBeVisible();

    const file = { name: "across-processes.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024, 13) };
    await tileOfB.getByTestId("send-files").setInputFiles(file);
    await b.page.getByTestId("incoming").getByTestId("accept").click();
    await expectSavedFiles(b.page, [file]);
  } finally {
    await Promise.all(browsers.map((br) => br.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await redis?.stop();
  }
});
