import type { CandidateField } from './spec-fields';
import { compact, tokens, type TargetSpec } from './targets';

/** Element fields that say which kind an element is (`type`, `PhoneType`, `kind`, `label`). */
const KIND_FIELD = /(^|_)(type|kind|category|label|purpose|usage|use|role|tag)$|type$/i;
/** Boolean flags that mark the element to use (`default`, `is_primary`, `default_billing`). */
const FLAG_FIELD = /^(is_?)?(default|primary|main|preferred|principal)(_.+)?$|^(.+_)?(default|primary)$/i;

/**
 * For a path stepping into a typed list (`Phones[].PhoneNumber`), the element a single-valued field should read:
 * `Phones[PhoneType=DEFAULT].PhoneNumber` from the list's own kind enum, or `addresses[default_billing=true].city`
 * from a flag. The target's `prefer` words rank enum values; a flag naming the target's context wins over a bare one.
 */
export function withPredicate(path: string, spec: TargetSpec, fields: CandidateField[]): { path: string; chosen?: string } {
  const at = path.indexOf('[].');
  if (at < 0 || !spec.prefer) return { path };
  const list = path.slice(0, at);
  const siblings = fields.filter((f) => f.path.startsWith(`${list}[].`) && !f.path.slice(at + 3).includes('.'));
  const context = [...(spec.context ?? []), ...tokens(spec.target)];
  const flags = siblings.filter((f) => f.type === 'boolean' && FLAG_FIELD.test(f.path.slice(at + 3)));
  const flag =
    flags.find((f) => tokens(f.path.slice(at + 3)).some((t) => context.includes(t) && t !== 'address')) ??
    flags.find((f) => tokens(f.path.slice(at + 3)).length <= 2);
  let best: { key: string; value: string; rank: number } | undefined;
  for (const f of siblings) {
    const key = f.path.slice(at + 3);
    if (!KIND_FIELD.test(key) || !f.enum?.length) continue;
    for (const v of f.enum) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9_$@ .:/-]+$/.test(v)) continue;
      const rank = spec.prefer.findIndex((p) => compact(v) === p || compact(v).includes(p));
      if (rank >= 0 && (!best || rank < best.rank)) best = { key, value: v, rank };
    }
  }
  if (best && (!flag || best.rank <= 1)) return { path: `${list}[${best.key}=${best.value}]${path.slice(at + 2)}`, chosen: `${best.key}=${best.value}` };
  if (flag) {
    const key = flag.path.slice(at + 3);
    return { path: `${list}[${key}=true]${path.slice(at + 2)}`, chosen: `${key}=true` };
  }
  return { path };
}
