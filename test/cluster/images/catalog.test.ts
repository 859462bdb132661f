import { afterEach, describe, expect, it } from 'vitest';
import { canonicalImageRef, listImages, lookupImage, parseImageRef, pullImage, registerImage, unregisterImage } from '../../../src/cluster/images';
import { fakeContainer } from './harness';

describe('image references', () => {
  it('normalises Docker Hub names, tags and digests to one catalog name', () => {
    for (const ref of ['perl', 'perl:5.34', 'library/perl', 'docker.io/library/perl:latest', 'index.docker.io/library/perl', `perl@sha256:${'a'.repeat(64)}`]) {
      expect(lookupImage(ref)?.name, ref).toBe('perl');
    }
    expect(parseImageRef('docker.io/maho/pn_generator:0.1')).toEqual({ name: 'maho/pn_generator', tag: '0.1', digest: undefined });
    expect(lookupImage('maho/pn_generator:0.7')?.name).toBe('maho/pn_generator');
  });

  it('keeps other registries in the name, so they are not Docker Hub images', () => {
    expect(parseImageRef('public.ecr.aws/nginx/nginx:1.27')?.name).toBe('public.ecr.aws/nginx/nginx');
    expect(lookupImage('public.ecr.aws/nginx/nginx:1.27')).toBeUndefined();
  });

  it('returns undefined for unknown or invalid references (the kubelet reports ErrImagePull)', () => {
    expect(lookupImage('redis:7')).toBeUndefined();
    expect(lookupImage('Perl')).toBeUndefined();
    expect(lookupImage('perl:')).toBeUndefined();
    expect(lookupImage('perl@sha256:xyz')).toBeUndefined();
  });
});

describe('the catalog', () => {
  afterEach(() => unregisterImage('my-worker'));

  it('lists the built-in images with a description and an example', () => {
    const names = listImages().map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['alpine', 'busybox', 'centos', 'maho/pn_generator', 'nginx', 'perl']));
    for (const img of listImages()) {
      expect(img.description.length).toBeGreaterThan(10);
      expect(img.example.length).toBeGreaterThan(3);
    }
  });

  it('runs a workload a notebook registers, and re-registering replaces it', async () => {
    registerImage({ name: 'my-worker', description: 'v1', example: '', run: async (ctx) => { ctx.stdout('v1\n'); return 0; } });
    registerImage({ name: 'my-worker', description: 'v2', example: '', run: async (ctx) => { ctx.stdout(`v2 in ${ctx.namespace}\n`); return 3; } });
    const c = fakeContainer({ image: 'my-worker:dev' });
    expect(await lookupImage('my-worker:dev')!.run(c.ctx)).toBe(3);
    expect(c.stdout()).toBe('v2 in default\n');
    expect(listImages().at(-1)?.name).toBe('my-worker');
  });

  it('refuses to replace a built-in image or take an invalid name', () => {
    const run = async () => 0;
    expect(() => registerImage({ name: 'perl', description: '', example: '', run })).toThrow('"perl" is a built-in image and cannot be replaced');
    expect(() => registerImage({ name: 'My Worker', description: '', example: '', run })).toThrow('is not a valid image name');
  });

  it('a command the image does not have fails to start, as containerd reports it', async () => {
    const c = fakeContainer({ image: 'busybox', command: ['python3', 'send.py'] });
    expect(await lookupImage('busybox')!.run(c.ctx)).toBe(128);
    expect(c.stderr()).toContain('exec: "python3": executable file not found in $PATH');
  });
});

describe('pullImage', () => {
  it('gives the kubelet the image, the canonical reference and a stable image ID', () => {
    const r = pullImage('perl:5.34');
    expect(r).toMatchObject({ ok: true, ref: 'docker.io/library/perl:5.34' });
    if (!r.ok) return;
    expect(r.image.name).toBe('perl');
    expect(r.imageID).toMatch(/^docker\.io\/library\/perl@sha256:[0-9a-f]{64}$/);
    expect(pullImage('docker.io/library/perl:latest')).toMatchObject({ imageID: r.imageID });
    expect(canonicalImageRef('maho/pn_generator:0.1')).toBe('docker.io/maho/pn_generator:0.1');
    expect(canonicalImageRef('nginx')).toBe('docker.io/library/nginx:latest');
    expect(canonicalImageRef('localhost:5000/app:v1')).toBe('localhost:5000/app:v1');
  });

  it('fails with ErrImagePull for an unknown image and says how to list the catalog', () => {
    expect(pullImage('redis:7')).toEqual({
      ok: false,
      reason: 'ErrImagePull',
      message: 'Failed to pull image "redis:7": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/redis:7": '
        + 'docker.io/library/redis:7: not found (the embedded cluster runs only the images `kit images` lists)',
    });
  });

  it('fails with InvalidImageName for a malformed reference', () => {
    expect(pullImage('Perl:5')).toMatchObject({ ok: false, reason: 'InvalidImageName', message: expect.stringContaining('invalid reference format') });
  });
});
