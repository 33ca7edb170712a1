import { z } from 'zod';
import { STAGES } from '../jobs/stages.js';

/** A dead letter: a stage job that exhausted its attempts. */
export const failedJobSchema = z.object({
  stage: z.enum(STAGES),
  jobId: z.string(),
  mediaId: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  failedAt: z.string().nullable(),
});

/** GET /api/jobs/failed (admin). */
export const failedJobsSchema = z.object({ jobs: z.array(failedJobSchema) });
