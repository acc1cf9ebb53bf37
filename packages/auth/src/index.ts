export { createAuth, type Auth, type CreateAuthOptions } from "./auth";
export { deriveAuthSecret } from "./secret";
export { checkLoginAllowed, loginGuardLimits } from "./login-guard";
export {
  clientAddress,
  clientAddressHeader,
  installClientAddressHeader,
  parseTrustedProxies,
  type TrustedProxies,
} from "./client-address";
export { emailRules, passwordRules, ZPasswordSchema, ZEmailSchema, ZNameSchema } from "./password-rules";
export { roles, hasRole, ZRoleSchema, type Role } from "./roles";
