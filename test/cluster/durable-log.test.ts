import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogIO } from '../../src/cluster/store';
import { newStore, pod, tempHome } from './helpers';

describe('durable log', () => {
  it('brings back every acknowledged write after the process stops without closing', async () => {
    const dir = tempHome();
    const s = newStore({ dir });
    await s.create('Pod', pod('a'));
    const b = await s.create('Pod', pod('b'));
    await s.update('Pod', { ...b, metadata: { ...b.metadata, labels: { v: '2' } } });
    await s.delete('Pod', 'default', 'a');
    // no close(): as after kill -9
    const again = newStore({ dir });
    expect(again.list('Pod').items.map((p) => [p.metadata.name, p.metadata.labels])).toEqual([['b', { v: '2' }]]);
    expect(again.resourceVersion).toBe(s.resourceVersion);
  });

  it('reports and truncates a torn tail (a write that was never acknowledged)', async () => {
    const dir = tempHome();
    const s = newStore({ dir });
    await s.create('Pod', pod('a'));
    const log = path.join(dir, 'log');
    const size = fs.statSync(log).size;
    fs.appendFileSync(log, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 123, 34]));
    const warnings: string[] = [];
    const again = newStore({ dir, onWarning: (m) => warnings.push(m) });
    expect(again.list('Pod').items.map((p) => p.metadata.name)).toEqual(['a']);
    expect(warnings.join('\n')).toMatch(new RegExp(`the last 10 bytes \\(from offset ${size}\\) are a partial record left by a crash mid-write; that write was never acknowledged, so it was truncated`));
    expect(fs.statSync(log).size).toBe(size);
  });

  it('refuses to start on corruption in the middle, naming the file, the offset and the reset command', async () => {
    const dir = tempHome();
    const s = newStore({ dir });
    await s.create('Pod', pod('a'));
    await s.create('Pod', pod('b'));
    const log = path.join(dir, 'log');
    const buf = fs.readFileSync(log);
    buf[20] ^= 0xff; // inside the first record's payload
    fs.writeFileSync(log, buf);
    let err: unknown;
    try {
      newStore({ dir });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'UserError', message: `the cluster state file ${log} is corrupt at byte offset 8: record checksum mismatch (${buf.length - 8 - 8 - buf.readUInt32LE(8)} bytes of later records follow, so this is not a torn write)` });
    expect((err as { hint: string }).hint).toContain('kit cluster reset');
  });

  it('answers a full disk with a 500 that says so, keeps memory as it was, and works again once there is space', async () => {
    const dir = tempHome();
    let full = false;
    const real: LogIO = {
      write: (fd, buf, pos) => new Promise((res, rej) => fs.write(fd, buf, 0, buf.length, pos, (e) => (e ? rej(e) : res()))),
      sync: (fd) => new Promise((res, rej) => fs.fdatasync(fd, (e) => (e ? rej(e) : res()))),
    };
    const io: LogIO = {
      write: (fd, buf, pos) => (full ? Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) : real.write(fd, buf, pos)),
      sync: real.sync,
    };
    const s = newStore({ dir, io });
    await s.create('Pod', pod('a'));
    full = true;
    await expect(s.create('Pod', pod('b'))).rejects.toMatchObject({
      status: { code: 500, reason: 'InternalError', message: `Internal error occurred: the disk is full: cannot write the cluster log ${path.join(dir, 'log')} (ENOSPC); free some disk space and retry` },
    });
    expect(s.tryGet('Pod', 'default', 'b')).toBeUndefined();
    full = false;
    await s.create('Pod', pod('c'));
    expect(newStore({ dir }).list('Pod').items.map((p) => p.metadata.name)).toEqual(['a', 'c']);
  });

  it('compacts into an atomic snapshot and replays snapshot + log', async () => {
    const dir = tempHome();
    const s = newStore({ dir, compactEvery: 5 });
    for (let i = 0; i < 12; i++) await s.create('Pod', pod(`p${i}`));
    expect(fs.existsSync(path.join(dir, 'snapshot'))).toBe(true);
    const again = newStore({ dir });
    expect(again.count('Pod')).toBe(12);
    const snap = fs.readFileSync(path.join(dir, 'snapshot'));
    snap[snap.length - 3] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'snapshot'), snap);
    expect(() => newStore({ dir })).toThrow(/snapshot is corrupt|snapshot checksum does not match/);
  });
});
