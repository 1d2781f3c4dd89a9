export type * from './types';
export { checkWindow, header, hmac, matchAny, safeEqual } from './signing';
export { extractSingle, genericWebhook, interpretEnvelope, isObj, ordinal, text } from './generic';
export { genericScheme } from './schemes/generic';
export { githubScheme } from './schemes/github';
export { slackScheme, SLACK_TOLERANCE_SEC } from './schemes/slack';
