import { randomUUID } from 'node:crypto';
import { buildActivityDeps } from '../../../app/activity-deps';
import { ValidationError } from '../../../adapters/core/errors';
import { createAdapterForConfig, type ConnectorConfigSource } from '../../../adapters/core/factory';
import { loadEnv } from '../../../config/env';
import type { MappingInput } from '../../../mapping/format';
import { approveMapping, createMapping, rejectMapping, updateMappingRules } from '../../../store/mapping-store';
import { testDb } from '../../helpers/db';
import { createTestConfig, testCredentials } from '../../helpers/fixtures';

/** How a mapped connector's config finds its approved mapping when the adapter is built (real Postgres). */
describe('mapped connector: approved mappings from schema_mappings', () => {
  const db = testDb(2);
  const credentials = testCredentials();
  const configs = buildActivityDeps(db, loadEnv(), credentials).configs as ConnectorConfigSource;
  afterAll(() => db.close());

  const rules = (source: string, emailPath: string): MappingInput => ({
    model: 'customer',
    source_system: source,
    resource: 'contacts',
    rules: [
      { target: 'source_id', source: { path: 'id' } },
      { target: 'email', source: { path: emailPath } },
    ],
  });
  const store = async (source: string, emailPath: string, model = 'customer') =>
    createMapping(db, { connector: source, sourceSchema: 'contacts', targetSchema: model, mappingRules: rules(source, emailPath) });
  const configWith = async (pointer: Record<string, string>) => {
    const resource = { list_path: '/contacts', pagination: { style: 'page' }, ...pointer };
    const { configId } = await createTestConfig(db, {
      connector: 'mapped',
      credentials,
      config: { base_url: 'http://127.0.0.1:9', resources: { customer: resource } },
    });
    return configId;
  };
  const build = (configId: string) => createAdapterForConfig(configs, configId);

  it('mapping_source follows the live mapping: a newer approval takes effect on the next build', async () => {
    const source = `src-${randomUUID().slice(0, 8)}`;
    const configId = await configWith({ mapping_source: source });
    await expect(build(configId)).rejects.toThrow(`resources.customer.mapping_source: "${source}" has no approved customer mapping`);

    const first = await store(source, 'email');
    await approveMapping(db, first.id, 'ada');
    expect((await build(configId)).adapter.toUnified('customer', { id: 1, email: 'a@x.io', mail: 'b@x.io' })).toMatchObject({
      source_id: '1',
      email: 'a@x.io',
    });

    const second = await store(source, 'mail');
    await updateMappingRules(db, second.id, rules(source, 'mail'));
    await approveMapping(db, second.id, 'ada');
    expect((await build(configId)).adapter.toUnified('customer', { id: 1, email: 'a@x.io', mail: 'b@x.io' })).toMatchObject({ email: 'b@x.io' });
    await expect(updateMappingRules(db, second.id, rules(source, 'email'))).rejects.toThrow(/is approved; only a draft's rules can be edited/);

    // pinned by ID to the first, now retired, mapping: refused with the fix
    const pinned = await configWith({ mapping_id: first.id });
    await expect(build(pinned)).rejects.toThrow(/mapping_id: mapping "[-0-9a-f]+" was approved but a newer one replaced it/);
  });

  it('refuses an unknown ID, a rejected or draft mapping, and a mapping for another model, as ValidationErrors', async () => {
    const source = `src-${randomUUID().slice(0, 8)}`;
    const unknown = await configWith({ mapping_id: randomUUID() });
    await expect(build(unknown)).rejects.toThrow(/mapping_id: no mapping "[-0-9a-f]+" exists/);

    const draft = await store(source, 'email');
    const err = await build(await configWith({ mapping_id: draft.id })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).retryable).toBe(false);
    expect((err as Error).message).toMatch(/is draft, not approved; a person must approve it first/);

    const rejected = await store(source, 'email');
    await rejectMapping(db, rejected.id, 'bob');
    await expect(build(await configWith({ mapping_id: rejected.id }))).rejects.toThrow(/is rejected, not approved/);

    const invoice = await store(source, 'email', 'invoice');
    await approveMapping(db, invoice.id, 'ada');
    await expect(build(await configWith({ mapping_id: invoice.id }))).rejects.toThrow(/maps invoice, not customer; use a customer mapping/);
  });

  it('a config with no mapping at all is refused when it is created, naming the field', async () => {
    await expect(configWith({})).rejects.toThrow(/resources\.customer\.mapping_id.*set mapping_id to an approved mapping's ID/);
  });
});
