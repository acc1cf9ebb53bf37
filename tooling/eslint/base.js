// Shared lint rules for every package: typescript-eslint's recommended type-aware set,
// plus the few rules that keep our conventions (no floating promises, env read in one place).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { boundaries } from "./boundaries.js";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/.next/**",
      "**/src/generated/**",
      "**/node_modules/**",
      "**/.cache/**",
      "**/*.config.*",
      "**/*.mjs",
      "**/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": [
        "warn",
        { prefer: "type-imports", fixStyle: "separate-type-imports" },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["warn", { allow: ["warn", "error"] }],
      // Env is validated once per app (see each app's env.ts); read process.env nowhere else.
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Use the validated env module of your app instead of process.env.",
        },
      ],
    },
  },
  // Packages that need more than "apps are not libraries" replace this entry with their own `boundaries(...)`.
  boundaries(),
  {
    // Tests and test infrastructure may read and set the environment of the processes they start.
    files: ["**/*.test.ts", "**/*.integration-test.ts", "**/e2e/**", "**/testing/**", "**/bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
