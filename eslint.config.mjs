import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Node.js globals for the plain-JS apps and scripts (no build step there).
const nodeGlobals = Object.fromEntries(
  ["require", "module", "process", "console", "Buffer", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "__dirname"].map((g) => [g, "readonly"]),
);

export default tseslint.config(
  { ignores: ["node_modules/**", "bin/**", "dist/**", ".pulumi-state/**", "jest.config.js", "eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
