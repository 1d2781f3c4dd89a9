import { randomUUID } from 'node:crypto';
import { everyToMs, scheduleSpec, spreadOffsetMs } from '../../../client/schedules';

describe('a sync schedule spreads its ticks over the interval', () => {
  it('gives each config a stable phase, and a fleet phases spread evenly over the minute', () => {
    const ids = Array.from({ length: 3_000 }, () => randomUUID());
    const buckets = new Array<number>(10).fill(0);
    for (const id of ids) {
      const offset = spreadOffsetMs(id, 60_000);
      expect(offset).toBe(spreadOffsetMs(id, 60_000));
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(60_000);
      buckets[Math.floor(offset / 6_000)]!++;
    }
    // 300 expected per 6-second bucket; a phase that clumped (e.g. always 0) would put 3,000 in one
    for (const n of buckets) expect(Math.abs(n - 300)).toBeLessThan(80);
  });

  it('puts the phase on intervals unless asked for aligned ticks; cron keeps its own times', () => {
    const id = '7c1e5b52-8a55-4e0b-9c1f-3f0f5f3f2a10';
    expect(scheduleSpec(id, { every: '1h' })).toEqual({ intervals: [{ every: '1h', offset: spreadOffsetMs(id, 3_600_000) }] });
    expect(scheduleSpec(id, { every: '1h', phase: 'aligned' })).toEqual({ intervals: [{ every: '1h' }] });
    expect(scheduleSpec(id, { cron: '0 * * * *' })).toEqual({ cronExpressions: ['0 * * * *'] });
  });

  it('refuses what is not a duration, or both or neither of every and cron', () => {
    expect([everyToMs('500ms'), everyToMs('30s'), everyToMs('1m'), everyToMs('2h'), everyToMs('1d')]).toEqual([500, 30_000, 60_000, 7_200_000, 86_400_000]);
    expect(() => scheduleSpec('c', { every: 'hourly' })).toThrow(/not a duration/);
    expect(() => scheduleSpec('c', { every: '0s' })).toThrow(/longer than zero/);
    expect(() => scheduleSpec('c', {})).toThrow(/exactly one/);
    expect(() => scheduleSpec('c', { every: '1h', cron: '0 * * * *' })).toThrow(/exactly one/);
  });
});
