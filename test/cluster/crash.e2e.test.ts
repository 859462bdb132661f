import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/env/paths';
import { kubectlWith } from './e2e-helpers';
import { tempHome } from './helpers';

const serverMain = path.join(kitRoot, 'dist', 'cluster', 'server-main.js');
const kit = path.join(kitRoot, 'bin', 'kit.js');
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync(process.execPath, [kit, 'build', '--if-stale'], { stdio: 'ignore' });
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the cluster process and resolves with its URL once it prints "ready". */
function startServer(home: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [serverMain, '--home', home, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c;
      const m = /^ready (\S+)$/m.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(Object.assign(new Error(`server exited with ${code}: ${out}`), { code, out })));
  });
}

function createConfigMap(home: string, url: string, name: string): Promise<number> {
  const kc = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
  const token = /token: (\S+)/.exec(kc)![1];
  const ca = fs.readFileSync(path.join(home, 'cluster-tls', 'apiserver.crt'));
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name } });
  return new Promise((resolve, reject) => {
    const req = https.request(new URL('/api/v1/namespaces/default/configmaps', url), { method: 'POST', ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.on('exit', () => r());
    child.kill('SIGKILL');
  });
}

describe('the cluster process after kill -9', () => {
  it('loses no acknowledged object, and a restart brings them all back', async () => {
    const home = tempHome('kit-crash-');
    const first = await startServer(home);
    // 60 writes in flight at once: acknowledged in group commits.
    const codes = await Promise.all(Array.from({ length: 60 }, (_, i) => createConfigMap(home, first.url, `cm-${i}`)));
    expect(codes.every((c) => c === 201)).toBe(true);
    await killHard(first.child);
    await startServer(home);
    const kubectl = kubectlWith(path.join(home, 'kubeconfig'));
    const names = (await kubectl(['get', 'configmaps', '-o', 'name'])).stdout.trim().split('\n');
    expect(names.length).toBe(60);
    expect(new Set(names)).toEqual(new Set(Array.from({ length: 60 }, (_, i) => `configmap/cm-${i}`)));
  });

  it('reports and truncates a torn tail, refuses a corrupt log with the file, offset and reset command', async () => {
    const home = tempHome('kit-crash-');
    const first = await startServer(home);
    for (const name of ['a', 'b', 'c']) expect(await createConfigMap(home, first.url, name)).toBe(201);
    await killHard(first.child);
    const log = path.join(home, 'cluster', 'log');
    const goodSize = fs.statSync(log).size;
    fs.appendFileSync(log, Buffer.from([99, 0, 0, 0, 7, 7]));
    const second = await startServer(home);
    expect(second.output()).toContain(`kit cluster: ${log}: the last 6 bytes (from offset ${goodSize}) are a partial record left by a crash mid-write; that write was never acknowledged, so it was truncated.`);
    const kubectl = kubectlWith(path.join(home, 'kubeconfig'));
    expect((await kubectl(['get', 'cm', 'a', 'b', 'c', '-o', 'name'])).stdout.trim().split('\n')).toEqual(['configmap/a', 'configmap/b', 'configmap/c']);
    await killHard(second.child);

    const buf = fs.readFileSync(log);
    buf[12] ^= 0xff;
    fs.writeFileSync(log, buf);
    const start = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [kit, 'cluster', 'start', '--port', '0'], { env: { ...process.env, KIT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(c);
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      c.on('exit', (code) => resolve({ code, out }));
    });
    expect(start.code).toBe(2);
    expect(start.out).toMatch(new RegExp(`^kit: the cluster state file ${log.replace(/[.]/g, '\\.')} is corrupt at byte offset 8: record checksum mismatch`, 'm'));
    expect(start.out).toContain('Run `kit cluster reset` to start from an empty cluster');

    const reset = execFileSync(process.execPath, [kit, 'cluster', 'reset'], { env: { ...process.env, KIT_HOME: home }, encoding: 'utf8' });
    expect(reset).toContain('deleted the cluster state');
    await startServer(home);
    const after = await kubectl(['get', 'cm']);
    // After the reset the cluster starts empty: the ConfigMaps are gone.
    expect(after.stderr.trim()).toBe('No resources found in default namespace.');
  });

  it('resumes the virtual clock after kill -9 and after a stop, so AGE is never <invalid> (--speed 30)', async () => {
    const home = tempHome('kit-crash-');
    const kubectl = kubectlWith(path.join(home, 'kubeconfig'));
    const first = await startServer(home, ['--speed', '30']);
    // 3 real seconds at 30× put the virtual clock about 87 s ahead of real time.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await createConfigMap(home, first.url, 'ahead')).toBe(201);
    const age = async () => (await kubectl(['get', 'cm', 'ahead', '--no-headers'])).stdout.trim().split(/\s+/)[2];
    await killHard(first.child);
    const second = await startServer(home, ['--speed', '30']);
    // Before the fix the clock restarted at real time: the ConfigMap was created "in the future".
    expect(await age()).toMatch(/^\d+s$/);
    await new Promise((r) => setTimeout(r, 1000));
    await new Promise<void>((r) => {
      second.child.on('exit', () => r());
      second.child.kill('SIGTERM');
    });
    await startServer(home, ['--speed', '30']);
    // An idle stop writes no record: the clock file of the clean stop keeps the ~30 s that passed.
    expect(Number((await age()).replace(/s$/, ''))).toBeGreaterThanOrEqual(25);
  });
});
