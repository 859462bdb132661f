import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kit, kitBackground, tempHome } from '../helpers/kit';
import { processAlive as alive } from '../../src/env/process';

const home = tempHome('kit-start-');
const env = { KIT_HOME: home, JUPYTER_DATA_DIR: path.join(home, 'jupyter-data'), DISPLAY: '' };
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('kit start', () => {
  it('prints one status block with a working tokenised Jupyter URL, refuses a second start, and stops cleanly on Ctrl-C', async () => {
    const run = kitBackground(['start', '--cluster-port', '0', '--sqs-port', '0'], env, /Stop: press Ctrl-C/);
    const out = await run.started;
    expect(out).toMatch(/^cloud-study-kit is running \(pid \d+\)$/m);
    expect(out).toMatch(/^\s+cluster\s+https:\/\/127\.0\.0\.1:\d+\n\s+kubeconfig: .*kubeconfig$/m);
    expect(out).toMatch(/^\s+sqs\s+http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^\s+kernel\s+TypeScript \(cloud-study-kit\)/m);
    const url = out.match(/(http:\/\/127\.0\.0\.1:(\d+)\/(?:tree|lab)\?token=([0-9a-f]+))/)!;
    expect(url).toBeTruthy();
    const [, , port, token] = url;

    // The URL serves the notebook list: the contents API lists the kit's notebooks.
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/contents?token=${token}`)).json()) as { content: Array<{ name: string }> };
    expect(list.content.map((f: { name: string }) => f.name)).toContain('00-welcome.ipynb');
    expect((await fetch(url[1])).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/contents`)).status).toBe(403); // no token, no entry

    // The kernelspec was registered where this Jupyter looks.
    const specs = (await (await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)).json()) as { kernelspecs: Record<string, unknown> };
    expect(Object.keys(specs.kernelspecs)).toContain('cloud-study-kit');

    const second = kit(['start'], env);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/kit start is already running \(pid \d+/);
    expect(second.stdout).toContain(url[1]);

    const info = JSON.parse(fs.readFileSync(path.join(home, 'run', 'kit-start.json'), 'utf8'));
    expect(alive(info.jupyter.pid)).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/Ctrl-C: stopping everything kit start started…\nstopped\./);
    expect(alive(info.jupyter.pid)).toBe(false);
    expect(fs.existsSync(path.join(home, 'run', 'kit-start.json'))).toBe(false);
    expect(kit(['stop'], env).stdout).toContain('kit start is not running.');
  });

  it('says which port is taken when --port is busy', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = kit(['start', '--port', String(port)], env);
    blocker.close();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`kit: port ${port} is already in use. Pick another with --port`);
    expect(fs.existsSync(path.join(home, 'run', 'kit-start.json'))).toBe(false);
  });

  // A path below a file: mkdir fails for root too (root may write anywhere else).
  it('says what to do when the state folder is not writable', () => {
    const r = kit(['start', '--no-jupyter'], { ...env, KIT_HOME: '/etc/hostname/kit' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kit: cannot write to \/etc\/hostname\/kit, where the kit keeps its state\. .*KIT_HOME/m);
  });
});
