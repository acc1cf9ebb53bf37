import baseConfig from "@printernizer/eslint-config/base";
import { boundaries } from "@printernizer/eslint-config/boundaries";
import reactConfig from "@printernizer/eslint-config/react";

export default [
  { ignores: [".next/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  ...baseConfig,
  ...reactConfig,
  boundaries("vendor-free", "adapter-free"),
];
