import { z } from 'zod';

export const componentHealthSchema = z.object({
  status: z.enum(['ok', 'down']),
  engine: z.string(),
  detail: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'down']),
  version: z.string(),
  components: z.record(z.string(), componentHealthSchema),
});
export type Health = z.infer<typeof healthSchema>;
