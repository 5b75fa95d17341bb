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
    // Files share a worker's module cache (no test mutates env or mocks modules; each file closes its
    // own browser): a third less time importing the pipeline, about 10 s of a 2-minute run.
    isolate: false,
  },
});
