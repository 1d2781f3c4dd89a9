import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from './auth';
import { html, type SafeHtml } from './html';
import { page } from './layout';
import { classify, type OutageError } from './outage';
import { registerConfigRoutes } from './routes-configs';
import { registerConnectorRoutes } from './routes-connectors';
import { registerLogin, SESSION_COOKIE } from './routes-login';
import { registerMappingRoutes } from './routes-mappings';
import { registerWebhookRoutes } from './routes-webhooks';
import { NotFoundError } from '../config/errors';
import type { ConsoleDeps } from './types';
import { componentLogger, errFields } from '../telemetry/logger';

const log = componentLogger('console');

const ASSETS: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};
const PUBLIC = new Set(['/console/login', '/console/logout']);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " + "frame-ancestors 'none'";

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function send(reply: FastifyReply, status: number, req: FastifyRequest, title: string, body: SafeHtml, down?: OutageError) {
  const text = page({ title, session: req.consoleSession, body, down: down ? [down.dependency] : [] }).text;
  return reply.code(status).type('text/html; charset=utf-8').send(text);
}

/** The signed-in user, or undefined when the token is missing, forged or expired (any other failure is thrown). */
async function signedIn(deps: ConsoleDeps, token: string | undefined) {
  if (!token) return undefined;
  return deps.auth.verify(token).catch((err: unknown) => (err instanceof AuthError ? undefined : Promise.reject(err)));
}

/**
 * The admin console under /console, on the main HTTP server. A Supabase-style JWT (cookie or Authorization:
 * Bearer) signs the user in; every POST must carry the session's CSRF token; pages render on the server.
 * Registered with the prefix /console (see registerConsole), so route paths here are relative to it.
 */
export async function consolePlugin(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  // the root app reads every body raw (webhook signatures need the bytes); forms are parsed only here
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.decorateRequest('consoleSession', null);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const assetDir = join(__dirname, 'assets');
  app.get<{ Params: { file: string } }>('/assets/:file', async (req, reply) => {
    const type = ASSETS[req.params.file];
    if (!type) return reply.code(404).send('not found');
    return reply
      .type(type)
      .header('cache-control', 'max-age=60')
      .send(readFileSync(join(assetDir, req.params.file)));
  });

  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/console/assets/') || PUBLIC.has(path)) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? cookie(req, SESSION_COOKIE);
    const user = await signedIn(deps, token);
    if (!token || !user) {
      if (req.method === 'GET') return reply.redirect(`/console/login?next=${encodeURIComponent(req.url)}`, 303);
      return send(reply, 401, req, 'Sign in needed', html`<p>Your session is missing or expired. <a href="/console/login">Sign in</a> again.</p>`);
    }
    req.consoleSession = { user, token, csrf: deps.auth.csrfFor(token) };
    if (req.method !== 'POST') return;
    if (!req.body || typeof req.body !== 'object' || Buffer.isBuffer(req.body)) req.body = {};
    // a cookie rides along on cross-site posts; the CSRF token does not (a bearer token is never sent automatically)
    if (!bearer && !deps.auth.checkCsrf(token, (req.body as Record<string, unknown>)._csrf)) {
      return send(
        reply,
        403,
        req,
        'Form expired',
        html`<p>This form is not valid any more (missing or wrong CSRF token). Go back, reload the page and submit again.</p>`,
      );
    }
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof NotFoundError) {
      return send(reply, 404, req, 'Not found', html`<p>There is nothing here, or it is not yours.</p>`);
    }
    const outage = classify(err);
    if (outage) {
      log.warn({ ...errFields(outage.cause), route: req.routeOptions.url }, 'console: dependency unreachable');
      return send(reply, 503, req, 'Temporarily unavailable', html`<p>Try again in a moment.</p>`, outage);
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return send(reply, status, req, 'Bad request', html`<p>${(err as Error).message}</p>`);
    }
    log.error({ ...errFields(err), route: req.routeOptions.url }, 'console: unexpected error');
    const body = html`<p>The server hit an unexpected error; it has been logged.</p>`;
    return send(reply, 500, req, 'Something went wrong', body);
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, 404, req, 'Not found', html`<p>No console page at this address. <a href="/console/configs">Configs</a></p>`),
  );

  registerLogin(app, deps);
  registerConnectorRoutes(app, deps);
  registerConfigRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerMappingRoutes(app, deps);
}

/** Mounts the console on the HTTP server under /console. */
export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  await app.register(async (child) => consolePlugin(child, deps), { prefix: '/console' });
}
