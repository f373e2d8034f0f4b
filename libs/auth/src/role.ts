/** What a key may do. Each role includes the ones before it except `auditor`, which only reads. */
export const ROLES = ['reporter', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: the API key's id (never the key) and its role, or a named worker. */
export interface Actor {
  keyId: string;
  role: Role | 'system';
}

/** Who passes where a role is required: admin always, and editor wherever reporter may. */
const PASSES_AS: Record<Role, readonly Role[]> = {
  reporter: ['reporter', 'editor', 'admin'],
  editor: ['editor', 'admin'],
  auditor: ['auditor', 'admin'],
  admin: ['admin'],
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one authorization rule. A handler declares with `@Roles(...)` the roles it needs;
 * a key may call it when its role passes as one of them. Without `@Roles`, reads (GET,
 * HEAD) are open to every authenticated key and anything else is admin-only, so a write
 * someone forgot to annotate is never open to an auditor.
 */
export function mayCall(role: Role, required: readonly Role[] | undefined, method: string): boolean {
  if (!required?.length) return READ_METHODS.has(method.toUpperCase()) || role === 'admin';
  return rolesPassing(required).includes(role);
}

/** Every role that passes where `required` is declared, in the order of ROLES: what the OpenAPI document lists. */
export function rolesPassing(required: readonly Role[]): Role[] {
  return ROLES.filter((role) => required.some((needed) => PASSES_AS[needed].includes(role)));
}
