import type { FastifyInstance } from 'fastify';
import { configFromForm, formFields, validateConfigForm } from './config-form';
import { page } from './layout';
import { newConfigPage } from './pages/new-config-page';
import { createConfig, FormError } from './writes';
import type { ConsoleDeps, FieldErrors } from './types';

type Form = Record<string, string | undefined>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The new-config form, generated from the connector's zod config schema (as JSON Schema) and checked with it. */
export function registerNewConfigRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const find = (name: string | undefined) => deps.catalogue().find((d) => d.name === name);

  app.get<{ Querystring: { connector?: string } }>('/configs/new', async (req, reply) => {
    const session = req.consoleSession!;
    const def = find(req.query.connector);
    const fields = def ? formFields(def) : [];
    const body = newConfigPage({ session, defs: deps.catalogue(), def, fields, values: {}, errors: {} });
    return reply.type('text/html; charset=utf-8').send(page({ title: 'New config', session, body }).text);
  });

  app.post<{ Body: Form }>('/configs/new', async (req, reply) => {
    const session = req.consoleSession!;
    const form = req.body;
    const def = find(form.connector);
    const fields = def ? formFields(def) : [];
    const errors: FieldErrors = {};
    const render = () => {
      // secrets are never echoed back into the form, even after a validation error
      const shown = Object.entries(form).filter(([k]) => !k.startsWith('secret.') && k !== '_csrf');
      const values = Object.fromEntries(shown);
      const body = newConfigPage({ session, defs: deps.catalogue(), def, fields, values, errors });
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(page({ title: 'New config', session, body }).text);
    };
    if (!def) {
      errors.connector = `connector: "${form.connector ?? ''}" is not in the catalogue; pick one above`;
      return render();
    }
    const name = form.name?.trim() ?? '';
    if (!name) errors.name = 'name: must not be empty, e.g. "production"';
    else if (name.length > 200) errors.name = 'name: at most 200 characters';
    const ownerId = session.user.operator ? (form.owner?.trim() ?? '') : session.user.sub!;
    if (!UUID.test(ownerId)) errors.owner = 'owner: the user id (a UUID) this config belongs to';
    const checked = validateConfigForm(def, configFromForm(fields, form));
    if (!checked.ok) Object.assign(errors, checked.errors);
    const secrets: Record<string, string> = {};
    for (const key of def.credentialKeys ?? []) {
      const v = form[`secret.${key}`] ?? '';
      if (v === '') errors[`secret.${key}`] = `${key}: required by the ${def.name} connector`;
      else secrets[key] = v;
    }
    if (Object.keys(errors).length || !checked.ok) return render();
    try {
      const input = { connector: def.name, name, ownerId, config: checked.value, secrets };
      const id = await createConfig(deps.db, deps.credentials, session.user, input);
      return reply.redirect(`/console/configs/${id}?done=created`, 303);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      Object.assign(errors, err.fields);
      return render();
    }
  });
}
