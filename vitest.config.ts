import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser tests start Chromium; two at once is what 2 cores take.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
