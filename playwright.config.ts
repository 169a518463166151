import { defineConfig } from "@playwright/test";

// Each test starts its own Ferry server and two Chromium processes (see tests/e2e/fixtures.ts),
// so tests run one at a time: two browsers already fill this machine's two cores.
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.e2e.ts",
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: { trace: "retain-on-failure" },
});
