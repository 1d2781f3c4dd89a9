import { z } from 'zod';
import { baseFields, IsoDateTime, requiredText } from '../base';

/** Canonical chat message (Slack message; Teams and Discord fit the same shape). source_id is the message ts/id. */
export const UnifiedMessage = z
  .object({
    ...baseFields,
    channel_id: requiredText('the channel or conversation id'),
    channel_name: z.string().nullish(),
    user_id: z.string().nullish().meta({ description: 'Author; null for bot or system messages' }),
    text: z.string({ error: 'must be a string (may be empty for file-only messages)' }),
    thread_id: z.string().nullish().meta({ description: 'Parent message id when this is a threaded reply' }),
    sent_at: IsoDateTime,
    edited_at: IsoDateTime.nullish(),
    mentions: z.array(z.string()).default([]),
  })
  .loose()
  .meta({ title: 'UnifiedMessage', description: 'Canonical chat message (Slack)' });
export type UnifiedMessage = z.infer<typeof UnifiedMessage>;
