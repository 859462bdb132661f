import { describe, expect, it } from 'vitest';
import { containerArgv, runContainer } from '../../../src/cluster/images';

describe('containerArgv (command and args, as the Kubernetes docs define them)', () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };
  it('uses the image defaults, replaces CMD with args, and drops both for command', () => {
    expect(containerArgv({}, image)).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(containerArgv({ args: ['nginx-debug'] }, image)).toEqual(['/docker-entrypoint.sh', 'nginx-debug']);
    expect(containerArgv({ command: ['sh'] }, image)).toEqual(['sh']);
    expect(containerArgv({ command: ['sh'], args: ['-c', 'true'] }, image)).toEqual(['sh', '-c', 'true']);
  });
});

describe('runContainer', () => {
  it('runs an image outside the cluster and returns what it printed', async () => {
    const r = await runContainer({ image: 'perl', command: ['perl'], args: ['-Mbignum=bpi', '-wle', 'print bpi(8)'] });
    expect(r).toEqual({ exitCode: 0, stdout: '3.1415927\n', stderr: '', killed: false });
    expect(await runContainer({ image: 'busybox', command: ['sh', '-c', 'sleep 0; echo $HOSTNAME; exit 4'], hostname: 'nb' }))
      .toEqual({ exitCode: 4, stdout: 'nb\n', stderr: '', killed: false });
  });

  it('a kill ends a container that would run forever, with exit code 137', async () => {
    const controller = new AbortController();
    const running = runContainer({ image: 'centos:7', signal: controller.signal });
    controller.abort();
    expect(await running).toMatchObject({ exitCode: 137, killed: true });
  });

  it('an unknown image is a user error that points at kit images', async () => {
    await expect(runContainer({ image: 'redis' })).rejects.toMatchObject({ name: 'UserError', hint: expect.stringContaining('kit images') });
  });
});
