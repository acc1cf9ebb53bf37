export { roles, hasRole, ZRoleSchema, type Role } from "@printernizer/auth/roles";
