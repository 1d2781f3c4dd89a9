import type { AdapterDefinition } from '../../adapters/core/catalogue';
import type { FormField } from '../config-form';
import { fieldError, html, type SafeHtml } from '../html';
import { csrfField } from '../layout';
import type { ConsoleSession, FieldErrors } from '../types';

type Form = Record<string, string | undefined>;
const invalid = (errors: FieldErrors, name: string) => (errors[name] ? 'true' : 'false');
const REQUIRED = html` <abbr title="required">*</abbr>`;

function control(f: FormField, name: string, value: string | undefined, errors: FieldErrors): SafeHtml {
  if (f.kind === 'select') {
    const options = (f.options ?? []).map((o) => html`<option${o === value ? html` selected` : ''}>${o}</option>`);
    return html`<select name="${name}" aria-invalid="${invalid(errors, name)}">
      ${options}
    </select>`;
  }
  if (f.kind === 'checkbox') return html`<input type="checkbox" name="${name}" ${value === 'on' ? html` checked` : ''} />`;
  return html`<input
    name="${name}"
    type="text"
    inputmode="${f.kind === 'number' ? 'numeric' : 'text'}"
    value="${value ?? ''}"
    aria-invalid="${invalid(errors, name)}"
  />`;
}

function field(f: FormField, value: string | undefined, errors: FieldErrors): SafeHtml {
  const name = `config.${f.name}`;
  return html`<div class="field">
    <label>${f.name}${f.required ? REQUIRED : ''} ${control(f, name, value, errors)}</label>
    ${f.description ? html`<p class="muted">${f.description}</p>` : ''}${fieldError(errors, name)}
  </div>`;
}

function secretField(key: string, errors: FieldErrors): SafeHtml {
  const name = `secret.${key}`;
  return html`<div class="field">
    <label>${key} <input type="password" name="${name}" autocomplete="new-password" aria-invalid="${invalid(errors, name)}" /></label>
    ${fieldError(errors, name)}
  </div>`;
}

export interface NewConfigPageInput {
  session: ConsoleSession;
  defs: AdapterDefinition[];
  def?: AdapterDefinition;
  fields: FormField[];
  values: Form;
  errors: FieldErrors;
}

/** The form: name, (operators) owner, one input per schema property, and write-only credential inputs. */
export function newConfigPage(i: NewConfigPageInput): SafeHtml {
  const { def, values, errors } = i;
  const picker = html`<p>
    Connector:
    ${i.defs.map(
      (d) => html`<a class="${d.name === def?.name ? 'button' : ''}" href="/console/configs/new?connector=${encodeURIComponent(d.name)}">${d.name}</a> `,
    )}
  </p>`;
  if (!def)
    return html`${picker}${fieldError(errors, 'connector')}
      <p class="muted">Pick a connector.</p>`;
  const keys = def.credentialKeys ?? [];
  const owner = i.session.user.operator
    ? html`<div class="field">
        <label>Owner (user id) <input name="owner" value="${values.owner ?? ''}" /></label> ${fieldError(errors, 'owner')}
      </div>`
    : '';
  return html`${picker}
    <form method="post" action="/console/configs/new" novalidate autocomplete="off" data-form="new-config">
      ${csrfField(i.session)}<input type="hidden" name="connector" value="${def.name}" />
      <div class="field">
        <label>Name${REQUIRED} <input name="name" value="${values.name ?? ''}" aria-invalid="${invalid(errors, 'name')}" /></label>
        ${fieldError(errors, 'name')}
      </div>
      ${owner}
      <fieldset>
        <legend>Settings (from the connector's config schema)</legend>
        ${i.fields.map((f) => field(f, values[`config.${f.name}`], errors))} ${fieldError(errors, 'config.(form)')}
      </fieldset>
      <fieldset>
        <legend>Credentials (write-only: stored encrypted, never shown again)</legend>
        ${keys.length === 0 ? html`<p class="muted">This connector needs none.</p>` : ''} ${keys.map((k) => secretField(k, errors))}
      </fieldset>
      <button type="submit">Create config</button>
    </form>`;
}
