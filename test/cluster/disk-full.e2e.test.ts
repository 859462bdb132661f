import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogIO } from '../../src/cluster/store';
import { startTestCluster, type TestCluster } from './e2e-helpers';

let full = false;
const io: LogIO = {
  write: (fd, buf, pos) =>
    full
      ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
      : new Promise((res, rej) => fs.write(fd, buf, 0, buf.length, pos, (e) => (e ? rej(e) : res()))),
  sync: (fd) => new Promise((res, rej) => fs.fdatasync(fd, (e) => (e ? rej(e) : res()))),
};

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ io });
});
afterAll(async () => {
  await t?.stop();
});

describe('a full disk', () => {
  it('fails the write with a 500 that says the disk is full; the server keeps serving', async () => {
    full = true;
    const r = await t.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata: {a: "1"}\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (InternalError)');
    expect(r.stderr).toContain('Internal error occurred: the disk is full: cannot write the cluster log');
    expect(r.stderr).toContain('(ENOSPC); free some disk space and retry');
    expect((await t.kubectl(['get', 'configmap', 'big'])).stderr.trim()).toBe('Error from server (NotFound): configmaps "big" not found');
    full = false;
    expect((await t.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata: {a: "1"}\n')).stdout.trim()).toBe('configmap/big created');
  });
});
