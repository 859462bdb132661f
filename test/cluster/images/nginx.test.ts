import { describe, expect, it } from 'vitest';
import { lookupImage } from '../../../src/cluster/images';
import { fakeContainer } from './harness';

describe('the nginx image', () => {
  it('logs its start-up, keeps running, and exits 0 on SIGTERM', async () => {
    const controller = new AbortController();
    const c = fakeContainer({ image: 'nginx:latest', controller });
    const running = lookupImage('nginx:latest')!.run(c.ctx);
    let done = false;
    void running.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(c.stdout()).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(c.stderr()).toContain('2026/11/23 09:22:03 [notice] 1#1: start worker processes\n');
    controller.abort(new DOMException('SIGTERM', 'AbortError'));
    expect(await running).toBe(0);
    expect(c.stderr()).toContain('[notice] 1#1: exit\n');
  });

  it('a command in the pod spec replaces the entrypoint', async () => {
    const c = fakeContainer({ image: 'nginx', command: ['sh', '-c', 'echo $NGINX_VERSION'] });
    expect(await lookupImage('nginx')!.run(c.ctx)).toBe(0);
    expect(c.stdout()).toBe('1.27.3\n');
  });
});
