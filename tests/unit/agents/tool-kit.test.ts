import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { AgentContext } from '../../../agents/context';
import { decodeCursor, encodeCursor } from '../../../agents/cursor';
import { defineTool, inputJsonSchema, runTool, ToolError } from '../../../agents/tool-kit';
import { specAllowed } from '../../../agents/tools/mapping';
import { toolManifest } from '../../../agents/tools';

const ctx = (specAllowList: string[] = []) => ({ userId: 'u', specAllowList }) as unknown as AgentContext;

describe('agent tool kit', () => {
  const echo = defineTool({
    name: 'echo',
    kind: 'read',
    description: 'echoes',
    input: z.object({ n: z.number().int().max(5).default(1), nested: z.object({ email: z.email() }).optional() }).strict(),
    run: async (_ctx, input) => {
      if (input.n === 4) throw new ToolError('not_yours', 'config belongs to another user');
      if (input.n === 5) throw new Error('connect ECONNREFUSED postgres://postgres:hunter2@db:5432/x\n    at stack line');
      return { got: input.n };
    },
  });

  it('applies defaults, and turns bad input into a validation error with field paths', async () => {
    expect(await runTool(echo, ctx(), undefined)).toEqual({ ok: true, result: { got: 1 } });
    const bad = await runTool(echo, ctx(), { n: 9, nested: { email: 'x' }, extra: true });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('validation');
    expect(bad.error.issues!.map((i) => i.path).sort()).toEqual(['(root)', 'n', 'nested.email']);
  });

  it('passes tool errors through and masks unexpected ones to their first line, without connection strings', async () => {
    expect(await runTool(echo, ctx(), { n: 4 })).toEqual({ ok: false, error: { code: 'not_yours', message: 'config belongs to another user' } });
    const internal = await runTool(echo, ctx(), { n: 5 });
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'echo failed: connect ECONNREFUSED <database>' } });
  });

  it('exports input JSON Schema for every tool, with caps visible to the model', () => {
    expect(inputJsonSchema(echo)).toMatchObject({ type: 'object', additionalProperties: false, properties: { n: { maximum: 5, default: 1 } } });
    const manifest = toolManifest();
    expect(manifest).toHaveLength(8);
    const push = manifest.find((t) => t.name === 'push_record')!;
    expect(push.description).toMatch(/PROPOSED, NOT DONE/);
    expect(push.inputSchema).toMatchObject({ required: ['config_id', 'model', 'record'] });
  });

  it('round-trips cursors and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor({ after: 'a' }), ['after'])).toEqual({ after: 'a' });
    expect(decodeCursor(undefined, ['after'])).toBeNull();
    expect(() => decodeCursor('bm90IGpzb24', ['after'])).toThrow(/not a cursor this tool returned/);
    expect(() => decodeCursor(encodeCursor({ other: 'x' }), ['after'])).toThrow(ToolError);
  });

  it('allows specs only inside the allow-list, symlinks and .. resolved', () => {
    const root = mkdtempSync(join(tmpdir(), 'fabric-specs-'));
    const allowed = join(root, 'allowed');
    mkdirSync(allowed);
    writeFileSync(join(allowed, 'a.json'), '{}');
    writeFileSync(join(root, 'secret.json'), '{}');
    symlinkSync(join(root, 'secret.json'), join(allowed, 'link.json'));
    expect(specAllowed(ctx([allowed]), join(allowed, 'a.json'))).toBe(true);
    expect(specAllowed(ctx([join(allowed, 'a.json')]), join(allowed, 'a.json'))).toBe(true);
    expect(specAllowed(ctx([allowed]), join(allowed, '../secret.json'))).toBe(false);
    expect(specAllowed(ctx([allowed]), join(allowed, 'link.json'))).toBe(false);
    expect(specAllowed(ctx([]), join(allowed, 'a.json'))).toBe(false);
  });
});
