import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ManualClock } from '../../src/cluster/clock';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import { defaultKinds } from '../../src/cluster/kinds';
import { Store } from '../../src/cluster/store';
import type { LogIO } from '../../src/cluster/store';

export function tempHome(prefix = 'kit-cluster-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function newStore(opts: { dir?: string; io?: LogIO; historyLimit?: number; compactEvery?: number; onWarning?: (m: string) => void } = {}): Store {
  return new Store({ clock: new ManualClock(Date.UTC(2024, 0, 1)), kinds: defaultKinds(), ...opts });
}

export function pod(name: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra };
}

/** One in-process cluster per test file, on a ManualClock at 2024-01-01, with no container runtime. */
export function sharedManualCluster(): { readonly cluster: EmbeddedCluster } {
  const ref: { cluster: EmbeddedCluster } = { cluster: undefined as never };
  beforeAll(async () => {
    ref.cluster = await EmbeddedCluster.start({ clock: new ManualClock(Date.UTC(2024, 0, 1)), runtime: false });
  });
  afterAll(async () => {
    await ref.cluster?.stop();
  });
  return ref;
}
