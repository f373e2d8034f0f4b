import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const PUBLIC_KEY = 'claimtrail:public';
export const ROLES_KEY = 'claimtrail:roles';

/** No API key needed (health, docs, metrics). Everything else requires one. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed to call a handler (admin is always allowed). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
