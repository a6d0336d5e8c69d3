import { z } from 'zod';

// Who did what. The user identity is set once per machine (the settings screen, `mimic config
// user.name …`, or `MIMIC_USER`) and recorded as the actor of every audit row. It is attribution,
// not authentication: anyone at the machine can change it.
const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const USER_ROLES = ['curator', 'reviewer', 'expert'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const UserNameSchema = z
  .string()
  .trim()
  .min(1, 'a user name cannot be empty')
  .max(100)
  .regex(/^[^\n\r\t]+$/, 'a user name cannot contain tabs or line breaks');

export const UserIdentitySchema = z.object({
  name: z.string(),
  role: z.enum(USER_ROLES).nullable(),
  /** Where the name came from: `MIMIC_USER`, the machine's settings, or the operating system's user. */
  source: z.enum(['env', 'config', 'system']),
});
export type UserIdentity = z.infer<typeof UserIdentitySchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: z.enum(USER_ROLES).nullable(),
  action: z.string(),
  target: z.string(),
  /** The episode the change concerns, when it concerns one. */
  episodeId: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const identityCalls = {
  getUser: call(z.object({}), UserIdentitySchema),
  /** Saves this machine's user name and role (not possible while `MIMIC_USER` overrides it). */
  setUser: call(
    z.object({ name: UserNameSchema, role: z.enum(USER_ROLES).nullable().default(null) }),
    UserIdentitySchema,
  ),
  /** The audit trail, newest first; `episodeId` keeps the rows about one episode. */
  listAudit: call(
    z.object({
      episodeId: z.string().min(1).max(100).optional(),
      limit: z.number().int().positive().max(10_000).default(500),
    }),
    z.object({ items: z.array(AuditEntrySchema) }),
  ),
} as const;
