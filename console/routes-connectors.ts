import type { FastifyInstance } from 'fastify';
import { html } from './html';
import { page } from './layout';
import type { ConsoleDeps } from './types';

/** The connector catalogue: what this build can connect to (the adapter plugins under adapters/). */
export function registerConnectorRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/connectors', async (req, reply) => {
    const rows = deps.catalogue().map(
      (def) =>
        html`<tr data-connector="${def.name}">
          <td>
            <strong>${def.name}</strong>
            <div class="muted">${def.description ?? ''}</div>
          </td>
          <td>${def.version}</td>
          <td>${def.capabilities.map((c) => html`<span class="badge">${c}</span> `)}</td>
          <td>${def.models.map((m) => html`<span class="badge">${m}</span> `)}</td>
          <td><a href="/console/configs/new?connector=${encodeURIComponent(def.name)}">New config</a></td>
        </tr>`,
    );
    const body = html`<table>
      <thead>
        <tr>
          <th>Connector</th>
          <th>Version</th>
          <th>Capabilities</th>
          <th>Models</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
    const text = page({ title: 'Connectors', session: req.consoleSession, body }).text;
    return reply.type('text/html; charset=utf-8').send(text);
  });
}
