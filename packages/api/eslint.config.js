import baseConfig from "@printernizer/eslint-config/base";
import { boundaries } from "@printernizer/eslint-config/boundaries";

export default [...baseConfig, boundaries("vendor-free", "adapter-free")];
