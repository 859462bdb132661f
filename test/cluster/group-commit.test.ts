import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { LogIO } from '../../src/cluster/store';
import { newStore, pod, tempHome } from './helpers';

/** Real writes, but each fdatasync waits until the test releases it, so the test orders events by hand. */
function manualSyncIO(): { io: LogIO; syncs: Array<() => void> } {
  const syncs: Array<() => void> = [];
  const io: LogIO = {
    write: (fd, buf, pos) => new Promise((res, rej) => fs.write(fd, buf, 0, buf.length, pos, (e) => (e ? rej(e) : res()))),
    sync: () => new Promise<void>((res) => syncs.push(res)),
  };
  return { io, syncs };
}

async function releaseNextSync(syncs: Array<() => void>, what: string): Promise<void> {
  await vi.waitFor(() => {
    if (!syncs.length) throw new Error(`${what} never reached fdatasync`);
  }, { timeout: 2000, interval: 1 });
  syncs.shift()!();
}

describe('store group commit', () => {
  it('batches writes that arrive while a sync runs into the next append', async () => {
    const { io, syncs } = manualSyncIO();
    const s = newStore({ dir: tempHome(), io });
    const a = s.create('Pod', pod('a'));
    const b = s.create('Pod', pod('b'));
    const c = s.create('Pod', pod('c'));
    await releaseNextSync(syncs, 'a');
    await a;
    await releaseNextSync(syncs, 'b and c');
    await Promise.all([b, c]);
    expect(syncs).toHaveLength(0);
    expect(newStore({ dir: s.stateDir }).list('Pod').items.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  // The flush gap (fixed in 4af7e9b): a write queued after the running flush found its queue empty
  // but before that flush had settled waited for some later write. Land the second write at every
  // microtask offset after the first sync completes, so one of them falls in that window.
  it('flushes a write that lands while a flush settles, without waiting for a later write', async () => {
    for (let ticks = 0; ticks <= 12; ticks++) {
      const { io, syncs } = manualSyncIO();
      const s = newStore({ dir: tempHome(), io });
      const a = s.create('Pod', pod('a'));
      await releaseNextSync(syncs, `a (offset ${ticks})`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      const b = s.create('Pod', pod('b'));
      await a;
      await releaseNextSync(syncs, `b, written ${ticks} microtasks after a's sync`);
      await expect(b).resolves.toMatchObject({ metadata: { name: 'b' } });
      expect(s.resourceVersion).toBe(String(Number((await a).metadata.resourceVersion) + 1));
    }
  });
});
