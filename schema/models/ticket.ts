import { z } from 'zod';
import { baseFields, IsoDate, IsoDateTime, requiredText } from '../base';

/** Normalised workflow stage; Jira's statusCategory new / indeterminate / done maps to todo / in_progress / done. */
export const TICKET_STATUS_CATEGORIES = ['todo', 'in_progress', 'done'] as const;

/** Canonical issue or ticket (Jira issue; Linear, GitHub issues and Zendesk tickets fit the same shape). */
export const UnifiedTicket = z
  .object({
    ...baseFields,
    key: z.string().nullish().meta({ description: 'Human-facing key, e.g. "PROJ-123"' }),
    project_key: z.string().nullish(),
    title: requiredText('the ticket summary/title'),
    description: z.string().nullish(),
    issue_type: z.string().nullish(),
    status: requiredText('the vendor status name, e.g. "In Progress"'),
    status_category: z.enum(TICKET_STATUS_CATEGORIES, { error: `must be one of ${TICKET_STATUS_CATEGORIES.join(', ')}` }).nullish(),
    priority: z.string().nullish(),
    assignee_id: z.string().nullish(),
    reporter_id: z.string().nullish(),
    labels: z.array(z.string()).default([]),
    due_date: IsoDate.nullish(),
    resolved_at: IsoDateTime.nullish(),
    url: z.url({ error: 'must be an absolute URL' }).nullish(),
  })
  .loose()
  .meta({ title: 'UnifiedTicket', description: 'Canonical issue or ticket (Jira)' });
export type UnifiedTicket = z.infer<typeof UnifiedTicket>;
