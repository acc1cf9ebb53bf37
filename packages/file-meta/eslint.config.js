import baseConfig from "@printernizer/eslint-config/base";

export default [...baseConfig];
