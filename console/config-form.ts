import { z } from 'zod';
import type { AdapterDefinition } from '../adapters/core/catalogue';
import type { FieldErrors } from './types';

/** One input of the new-config form, derived from the connector's zod config schema through JSON Schema. */
export interface FormField {
  name: string;
  kind: 'text' | 'url' | 'number' | 'checkbox' | 'select';
  required: boolean;
  description?: string;
  options?: string[];
}

interface JsonSchemaProperty {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
}

type ObjectSchema = { properties?: Record<string, JsonSchemaProperty>; required?: string[] };

export function configJsonSchema(def: AdapterDefinition): ObjectSchema {
  return z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as never;
}

/** The form's fields, one per top-level property of the schema (nested objects are edited as JSON). */
export function formFields(def: AdapterDefinition): FormField[] {
  const schema = configJsonSchema(def);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
    const kind: FormField['kind'] = p.enum
      ? 'select'
      : type === 'integer' || type === 'number'
        ? 'number'
        : type === 'boolean'
          ? 'checkbox'
          : p.format === 'uri'
            ? 'url'
            : 'text';
    return { name, kind, required: required.has(name), description: p.description, options: p.enum?.map(String) };
  });
}

/**
 * Turns the submitted strings into the config object the zod schema checks: numbers are converted (a value that
 * is not a number is kept as text so zod names the problem), unchecked boxes are false, empty optional fields go.
 */
export function configFromForm(fields: FormField[], form: Record<string, string | undefined>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form[`config.${f.name}`];
    if (f.kind === 'checkbox') {
      config[f.name] = raw === 'on' || raw === 'true';
      continue;
    }
    if (raw === undefined || raw.trim() === '') continue;
    if (f.kind === 'number') {
      const n = Number(raw.trim());
      config[f.name] = Number.isFinite(n) ? n : raw;
    } else config[f.name] = raw.trim();
  }
  return config;
}

/** Validates with the connector's own zod schema; each problem is attached to its field as `config.<path>`. */
export function validateConfigForm(
  def: AdapterDefinition,
  config: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const res = def.configSchema.safeParse(config);
  if (res.success) return { ok: true, value: res.data as Record<string, unknown> };
  const errors: FieldErrors = {};
  for (const issue of res.error.issues) {
    const key = `config.${issue.path.length ? issue.path.join('.') : '(form)'}`;
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    errors[key] ??= message;
  }
  return { ok: false, errors };
}
