import { z } from 'zod';

/** degraded: working, but an operator should look (queue data lost, relay behind, disk low). */
export const componentHealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  engine: z.string(),
  detail: z.string().optional(),
  /** Speech-to-text only: primary ISO 639 codes it transcribes; ["*"] for any (detected). */
  languages: z.array(z.string()).optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  version: z.string(),
  components: z.record(z.string(), componentHealthSchema),
});
export type Health = z.infer<typeof healthSchema>;
