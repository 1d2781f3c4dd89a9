/**
 * Every page is built from `html` templates: each interpolated value is escaped unless it is itself a template.
 * Records, errors and names come from third parties, so escaping is the default and raw markup is the exception.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new SafeHtml(out);
}

/** A JSON value shown as text (pretty-printed, escaped). */
export const json = (value: unknown): SafeHtml => html`<pre class="json">${JSON.stringify(value, null, 2) ?? ''}</pre>`;

/** Relative time for display; the exact ISO time goes in the title. */
export function when(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">never</span>`;
  const d = new Date(iso);
  const iso8601 = d.toISOString();
  return html`<time datetime="${iso8601}" title="${iso8601}">${iso8601.replace('T', ' ').slice(0, 19)} UTC</time>`;
}

export function statusBadge(status: string | null | undefined): SafeHtml {
  const kind = String(status ?? 'none')
    .toLowerCase()
    .replace(/[^a-z_-]/g, '');
  return html`<span class="badge badge-${kind}">${status ?? 'none'}</span>`;
}

export interface FieldErrorMap {
  [field: string]: string | undefined;
}

export const fieldError = (errors: FieldErrorMap, field: string): SafeHtml =>
  errors[field] ? html`<p class="field-error" data-field-error="${field}" role="alert">${errors[field]}</p>` : html``;
