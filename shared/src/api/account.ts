import { z } from 'zod';

const bytes = z.number().int().nonnegative();

/** A user's quota usage and limits as GET /api/me reports them; a null limit is unlimited. */
export const quotaSchema = z.object({
  usage: z.object({ storedBytes: bytes, pendingBytes: bytes, pendingUploads: bytes }),
  limits: z.object({ storedBytes: bytes.nullable(), pendingBytes: bytes.nullable(), pendingUploads: bytes.nullable() }),
});
export type QuotaReport = z.infer<typeof quotaSchema>;

/** GET /api/me. usage/limits are optional so clients still talk to appliances without quotas. */
export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  usage: quotaSchema.shape.usage.optional(),
  limits: quotaSchema.shape.limits.optional(),
});
export type MeDto = z.infer<typeof meSchema>;
