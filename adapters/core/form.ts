/**
 * Encodes a nested object the way Stripe expects form bodies: `address[line1]=...`, `metadata[k]=v`,
 * arrays as `items[0][price]=...`. Undefined values are left out; null becomes an empty string (Stripe's "unset").
 */
export function toForm(value: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  const walk = (prefix: string, v: unknown): void => {
    if (v === undefined) return;
    if (v === null) params.append(prefix, '');
    else if (Array.isArray(v)) v.forEach((item, i) => walk(`${prefix}[${i}]`, item));
    else if (typeof v === 'object') for (const [k, inner] of Object.entries(v)) walk(`${prefix}[${k}]`, inner);
    else params.append(prefix, String(v));
  };
  for (const [k, v] of Object.entries(value)) walk(k, v);
  return params;
}
