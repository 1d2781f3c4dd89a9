import { BANNER_TEXT, type Dependency } from './outage';
import { html, type SafeHtml } from './html';
import type { ConsoleSession } from './types';

const NAV = [
  ['/console/configs', 'Configs'],
  ['/console/connectors', 'Connectors'],
  ['/console/webhooks', 'Webhooks'],
  ['/console/mappings', 'Mappings'],
] as const;

export interface PageInput {
  title: string;
  session?: ConsoleSession | null;
  body: SafeHtml;
  /** Dependencies that could not be reached while building the page. */
  down?: Dependency[];
  flash?: string;
}

export function banner(dep: Dependency): SafeHtml {
  const name = dep === 'postgres' ? 'Postgres' : 'Temporal';
  return html`<div class="banner banner-outage" role="alert" data-outage="${dep}"><strong>${name} unreachable.</strong> ${BANNER_TEXT[dep]}</div>`;
}

/** A hidden CSRF field; every POST form carries one. */
export const csrfField = (session: ConsoleSession | null | undefined): SafeHtml => html`<input type="hidden" name="_csrf" value="${session?.csrf ?? ''}" />`;

/** A one-button form that POSTs to action (pause, trigger, replay, ...). */
export function actionButton(session: ConsoleSession | null | undefined, action: string, label: string, op?: string): SafeHtml {
  const opField = op ? html` name="op" value="${op}"` : '';
  return html`<form method="post" action="${action}" class="inline">${csrfField(session)} <button type="submit" ${opField}>${label}</button></form>`;
}

export function page(p: PageInput): SafeHtml {
  const user = p.session?.user;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${p.title} · Connectivity Fabric</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <header>
          <a class="brand" href="/console/configs">Connectivity Fabric</a>
          <nav>${user ? NAV.map(([href, label]) => html`<a href="${href}">${label}</a>`) : ''}</nav>
          ${
            user
              ? html`<span class="who" data-user="${user.label}">${user.label} ${user.operator ? html` <span class="badge">operator</span>` : ''}</span>
                  <form method="post" action="/console/logout" class="inline">${csrfField(p.session)} <button type="submit">Sign out</button></form>`
              : ''
          }
        </header>
        ${(p.down ?? []).map(banner)} ${p.flash ? html`<div class="banner banner-flash" role="status">${p.flash}</div>` : ''}
        <main>
          <h1>${p.title}</h1>
          ${p.body}
        </main>
      </body>
    </html>`;
}
