export { roles, hasRole, sessionRole, ZRoleSchema, type Role } from "@printernizer/auth/roles";
