import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests start Chromium (one per file); two files at once is what 2 cores take.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
