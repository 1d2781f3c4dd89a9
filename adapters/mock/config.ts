import { z } from 'zod';

export const mockConfigSchema = z.object({
  baseUrl: z.url({ error: 'must be the fake API URL that `fabric mock-api` prints, like "http://127.0.0.1:4010"' }),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(10).optional(),
  retryBaseDelayMs: z.number().int().min(0).optional(),
});
export type MockConfig = z.infer<typeof mockConfigSchema>;
