import baseConfig from "@printernizer/eslint-config/base";

export default [
  ...baseConfig,
  // The benchmark is test infrastructure: it hands the environment to the processes it starts.
  { files: ["src/**/*.ts"], rules: { "no-restricted-properties": "off" } },
];
