import { defineConfig } from "vitest/config";

// Set by CI to keep a machine-readable summary next to the usual output.
const jsonReport = process.env.MOCKLOOP_TEST_REPORT;

// One run covers every layer; `--project NAME` narrows it.
export default defineConfig({
  test: {
    reporters: jsonReport ? ["default", ["json", { outputFile: jsonReport }]] : ["default"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "apps/server/test/unit/**/*.test.ts", "apps/web/src/**/*.test.{ts,tsx}"],
          typecheck: { enabled: true, include: ["packages/*/test/**/*.test-d.ts"], tsconfig: "packages/protocol/tsconfig.json" },
        },
      },
      {
        test: {
          name: "integration",
          include: ["apps/server/test/integration/**/*.test.ts", "tests/integration/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Chromium windows are heavy on a 2-core machine: one browser test file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
