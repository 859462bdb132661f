import { describe, expect, it } from 'vitest';
import { serviceOptions } from '../../src/cli/commands/start';
import { statusBlock } from '../../src/start';

describe('the kit start status block', () => {
  it('says what started, where, and how to stop it', () => {
    const text = statusBlock({
      pid: 42,
      startedAt: '2026-11-23T00:00:00Z',
      library: 'built (dist/)',
      kernel: 'TypeScript (cloud-study-kit)',
      services: [{ name: 'cluster', url: 'https://127.0.0.1:6443', details: ['kubeconfig: .kit/kubeconfig'] }],
      jupyter: { app: 'notebook', url: 'http://127.0.0.1:8888/tree?token=abc', port: 8888 },
    });
    expect(text.split('\n')).toEqual([
      'cloud-study-kit is running (pid 42)',
      '  library   built (dist/)',
      '  kernel    TypeScript (cloud-study-kit)',
      '  cluster   https://127.0.0.1:6443',
      '            kubeconfig: .kit/kubeconfig',
      '  Notebook  http://127.0.0.1:8888/tree?token=abc',
      'Stop: press Ctrl-C here, or run `npx kit stop` in another terminal.',
    ]);
  });
  it('passes only the flags given to the services', () => {
    expect(serviceOptions({ speed: 10, clusterPort: 0 })).toEqual({ speed: 10, clusterPort: 0 });
  });
});
