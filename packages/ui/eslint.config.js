import baseConfig from "@printernizer/eslint-config/base";
import reactConfig from "@printernizer/eslint-config/react";

export default [...baseConfig, ...reactConfig];
