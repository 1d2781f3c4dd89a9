/**
 * Source paths: dot-separated names, where a name may step into an array.
 *   `address.city`                       a property of a property
 *   `LineItems[].UnitAmount`             every element (line items); in a single-valued field, the first element
 *   `Phones[PhoneType=DEFAULT].Number`   the first element whose PhoneType is DEFAULT (compared case-insensitively)
 *   `items.0.id`                         a numeric segment indexes an array
 * Names are letters, digits, _, -, $ or @; a predicate value may also hold spaces, dots, colons and slashes.
 */
export const NAME = /^[A-Za-z0-9_$@-]+$/;
const STEP = /^([A-Za-z0-9_$@-]+)(?:\[(?:([A-Za-z0-9_$@-]+)=([A-Za-z0-9_$@ .:/-]*))?\])?$/;

export type Step = { kind: 'prop'; name: string } | { kind: 'each'; name: string } | { kind: 'pick'; name: string; key: string; value: string };

/** Splits on dots outside brackets: `a[k=v.1].b` → ["a[k=v.1]", "b"]. */
function segments(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The steps of a path, or undefined when it is malformed. */
export function parsePath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const seg of segments(path)) {
    const m = STEP.exec(seg);
    if (!m) return undefined;
    const name = m[1]!;
    if (!seg.includes('[')) steps.push({ kind: 'prop', name });
    else if (m[2] === undefined) steps.push({ kind: 'each', name });
    else steps.push({ kind: 'pick', name, key: m[2], value: m[3]! });
  }
  return steps;
}

export const isValidPath = (path: string) => path.length > 0 && path.length <= 300 && parsePath(path) !== undefined;

/** For a line-item path: the array part (`Lines[]`) and the part inside each element (`Amount.Value`). */
export function splitEach(path: string): { list: string; inner: string } | undefined {
  const segs = segments(path);
  const at = segs.findIndex((s) => s.endsWith('[]'));
  if (at < 0 || at === segs.length - 1) return undefined;
  return { list: segs.slice(0, at + 1).join('.'), inner: segs.slice(at + 1).join('.') };
}

/** `a[k=v].b[]` → `a.b`: the form the evaluation compares (brackets ignored). */
export const withoutBrackets = (path: string) =>
  segments(path)
    .map((s) => s.replace(/\[.*\]$/, ''))
    .join('.');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The first element of a list whose key equals the value (case-insensitively, as strings). */
export function pickElement(list: unknown, key: string, valueLower: string): unknown {
  if (!Array.isArray(list)) return undefined;
  for (const el of list) {
    if (!isObj(el)) continue;
    const v = el[key];
    if (v !== undefined && v !== null && String(v).toLowerCase() === valueLower) return el;
  }
  return undefined;
}

/** Reads a path the slow, general way (validation, inverse mapping, pagination paths): `[]` takes the first. */
export function readPath(obj: unknown, path: string): unknown {
  const steps = parsePath(path);
  if (!steps) return undefined;
  let cur: unknown = obj;
  for (const step of steps) {
    if (!isObj(cur)) return undefined;
    cur = (cur as Obj)[step.name];
    if (step.kind === 'each') cur = Array.isArray(cur) ? cur[0] : undefined;
    else if (step.kind === 'pick') cur = pickElement(cur, step.key, step.value.toLowerCase());
  }
  return cur;
}

/** Writes a plain dotted path (no brackets), creating objects on the way. */
export function writePath(obj: Obj, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    const next = cur[seg];
    cur = (next && typeof next === 'object' ? next : (cur[seg] = {})) as Obj;
  }
  cur[segs[segs.length - 1]!] = value;
}
