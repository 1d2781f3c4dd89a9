import { z } from 'zod';
import { AuthError, NotFoundError, RateLimitedError, TransientError, ValidationError } from '../core/errors';
import type { HttpClient, RequestOptions } from '../core/http';

export const slackConfigSchema = z.object({
  baseUrl: z.url({ error: 'must be a URL like "https://slack.com/api"' }).default('https://slack.com/api'),
  /** The workspace (team) this config is for: an app's one Events API URL routes each event by its team_id. */
  teamId: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,}$/, { error: 'must be a Slack team id like "T012AB3CD"' })
    .optional(),
  /** Channel ids to read; unset: every conversation of `types` the app is a member of. */
  channels: z.array(z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { error: 'must be a channel id like "C012AB3CD"' })).optional(),
  types: z.string().default('public_channel,private_channel'),
  /**
   * Incremental syncs re-read this many days before the last sync, so edits and thread replies in that window are
   * seen (conversations.history returns only messages posted after `oldest`; older edits arrive as Events).
   */
  lookbackDays: z.number().min(0).max(90).default(7),
  /** Messages per history/replies page: at most 1000 (Slack suggests 200; non-Marketplace apps since 2025: 15). */
  pageSize: z.number().int().min(1).max(1000).default(200),
  /** How far back a retried push looks for the message an earlier attempt may have posted. */
  pushLookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  timeoutMs: z.number().int().positive().optional(),
  retryBaseDelayMs: z.number().int().min(0).optional(),
});
export type SlackConfig = z.infer<typeof slackConfigSchema>;

export interface SlackMessage {
  type: string;
  subtype?: string;
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { user?: string; ts: string };
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Added by this connector: history and replies do not repeat the channel; Events do. */
  channel?: string;
}

export interface SlackChannel {
  id: string;
  name?: string;
  is_member?: boolean;
  is_archived?: boolean;
}

export interface SlackPage {
  ok: boolean;
  error?: string;
  messages?: SlackMessage[];
  channels?: SlackChannel[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/**
 * Slack's documented tiers (api.slack.com/apis/rate-limits), per method, per workspace, per app: Tier 2 is 20+
 * requests a minute, Tier 3 50+, Tier 4 100+; chat.postMessage is "special": about one message a second per
 * channel. The connector's budget (index.ts) paces at Tier 3, the tier of history and replies, which make almost
 * every request of a sync; conversations.list (Tier 2) is called once per 200 channels, between their histories,
 * and a 429 on any method waits out its Retry-After on the whole budget.
 */
export const SLACK_TIERS: Record<string, { tier: string; perMinute: number }> = {
  'conversations.list': { tier: 'Tier 2', perMinute: 20 },
  'conversations.history': { tier: 'Tier 3', perMinute: 50 },
  'conversations.replies': { tier: 'Tier 3', perMinute: 50 },
  'chat.postMessage': { tier: 'special', perMinute: 60 },
  'chat.update': { tier: 'Tier 3', perMinute: 50 },
};

const AUTH = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
]);
const NOT_FOUND = new Set(['channel_not_found', 'thread_not_found', 'message_not_found', 'not_in_channel']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Slack answers most failures with HTTP 200 and `{ ok: false, error }`: this turns them into the adapter's typed
 * errors (a 429 with Retry-After is handled by the HTTP client before it gets here).
 */
export function slackError(method: string, body: SlackPage): Error {
  const code = body.error ?? 'unknown_error';
  const what = `slack: ${method} answered ok=false, error "${code}"`;
  const o = { code, connector: 'slack' };
  if (AUTH.has(code)) return new AuthError(`${what}; check the bot token and its scopes`, o);
  if (NOT_FOUND.has(code)) return new NotFoundError(code === 'not_in_channel' ? `${what}; invite the app to the channel` : what, o);
  if (code === 'ratelimited') return new RateLimitedError(what, 60_000, o);
  if (TRANSIENT.has(code)) return new TransientError(what, o);
  return new ValidationError(what, o);
}

/** One Web API call; throws the typed error when Slack says ok=false. */
export async function slackCall<T extends SlackPage>(http: HttpClient, method: string, options: RequestOptions): Promise<T> {
  const verb = options.form || options.json ? 'POST' : 'GET';
  const { body } = await http.request<T>(verb, method, options);
  if (!body || body.ok !== true) throw slackError(method, body ?? { ok: false });
  return body;
}

/** "1512085950.000216" → microseconds, the order Slack's ts values sort in (fits a double exactly). */
export const tsMicros = (ts: string): number => {
  const [s, f = ''] = ts.split('.');
  return Number(s) * 1_000_000 + Number(f.padEnd(6, '0').slice(0, 6));
};
export const tsIso = (ts: string): string => new Date(Math.floor(tsMicros(ts) / 1000)).toISOString();
export const secondsTs = (ms: number): string => (ms / 1000).toFixed(6);
