/** What a key may do. Each role includes the ones before it except `auditor`, which only reads. */
export const ROLES = ['reporter', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: the API key's id (never the key) and its role, or a named worker. */
export interface Actor {
  keyId: string;
  role: Role | 'system';
}
