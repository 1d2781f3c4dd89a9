import type { FastifyInstance, FastifyReply } from 'fastify';
import { AuthError } from './auth';
import { html } from './html';
import { page } from './layout';
import type { ConsoleDeps } from './types';

export const SESSION_COOKIE = 'fabric_console';

export const sessionCookie = (token: string, maxAge: number) =>
  `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;

/** Only a console path of this site: `next` must never send a signed-in user elsewhere. */
const safeNext = (next: string | undefined) =>
  next && /^\/console\/[A-Za-z0-9/_?=&.%-]*$/.test(next) && !next.startsWith('/console/login') ? next : '/console/configs';

export function registerLogin(app: FastifyInstance, deps: ConsoleDeps): void {
  const form = (next: string, error?: string) =>
    page({
      title: 'Sign in',
      body: html` ${error ? html`<p class="field-error" role="alert">${error}</p>` : ''}
        <form method="post" action="/console/login">
          <input type="hidden" name="next" value="${next}" />
          <label>Access token (a Supabase JWT)<textarea name="token" rows="4" required></textarea></label>
          <button type="submit">Sign in</button>
        </form>`,
    });
  const signIn = async (reply: FastifyReply, token: string | undefined, nextParam: string | undefined) => {
    const next = safeNext(nextParam);
    const send = (status: number, error?: string) => reply.code(status).type('text/html; charset=utf-8').send(form(next, error).text);
    if (!token) return send(200);
    try {
      const user = await deps.auth.verify(token);
      const exp = typeof user.claims?.exp === 'number' ? user.claims.exp - Math.floor(Date.now() / 1000) : 3600;
      return reply.header('set-cookie', sessionCookie(token, Math.max(60, exp))).redirect(next, 303);
    } catch (err) {
      if (err instanceof AuthError) return send(401, err.message);
      throw err;
    }
  };
  // GET with ?token= is what `npm run dev` prints: the token then leaves the address bar at once (303)
  app.get<{ Querystring: { token?: string; next?: string } }>('/login', (req, reply) => signIn(reply, req.query.token, req.query.next));
  app.post<{ Body: { token?: string; next?: string } }>('/login', (req, reply) => signIn(reply, req.body?.token?.trim(), req.body?.next));
  app.post('/logout', async (_req, reply) => reply.header('set-cookie', sessionCookie('', 0)).redirect('/console/login', 303));
}
