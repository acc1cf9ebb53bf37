export { createAuth, type Auth, type CreateAuthOptions } from "./auth";
export { deriveAuthSecret } from "./secret";
export { checkLoginAllowed, loginGuardLimits } from "./login-guard";
export { passwordRules, ZPasswordSchema, ZEmailSchema, ZNameSchema } from "./password-rules";
export { roles, hasRole, ZRoleSchema, type Role } from "./roles";
