export { ROLES } from './role';
export type { Role, Actor } from './role';
export { Public, Roles, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
