// Two projects: fast unit tests (pure logic, Pulumi mocks) and integration tests
// that drive the real engine and real Linux networking. ts-jest only transpiles
// (tsconfig isolatedModules); `npm run typecheck` does the type checking once.
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] };

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/policy/**/*.test.ts"],
    },
    {
      displayName: "integration",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      slowTestThreshold: 60,
    },
  ],
};
