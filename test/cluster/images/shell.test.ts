import { describe, expect, it } from 'vitest';
import { lookupImage } from '../../../src/cluster/images';
import { fakeContainer } from './harness';

async function sh(script: string, env: Record<string, string> = {}, image = 'busybox:latest') {
  const c = fakeContainer({ image, command: ['sh', '-c', script], env });
  const code = await lookupImage(image)!.run(c.ctx);
  return { code, out: c.stdout(), err: c.stderr(), slept: c.slept };
}

describe('busybox sh -c', () => {
  it('runs the seed Jobs: sleep 5; exit 0 and sleep 5; exit 1', async () => {
    expect(await sh('sleep 5; exit 0')).toMatchObject({ code: 0, out: '', err: '', slept: [5000] });
    expect(await sh('sleep 5; exit 1')).toMatchObject({ code: 1, slept: [5000] });
  });

  it('stops at exit and masks the code to 8 bits', async () => {
    expect(await sh('echo a; exit 3; echo b')).toMatchObject({ code: 3, out: 'a\n' });
    expect((await sh('exit 300')).code).toBe(44);
    expect(await sh('exit abc')).toMatchObject({ code: 2, err: 'sh: exit: Illegal number: abc\n' });
  });

  it('echo: -n, -e, and words joined by one space', async () => {
    expect((await sh('echo -n hi; echo " there"')).out).toBe('hi there\n');
    expect((await sh('echo -e "a\\tb"')).out).toBe('a\tb\n');
    expect((await sh('echo   one    two')).out).toBe('one two\n');
  });

  it('expands $VAR, ${VAR}, ${VAR:-default} and $HOSTNAME, not inside single quotes', async () => {
    const r = await sh('echo $GREETING ${GREETING}s "${MISSING:-none}" \'$GREETING\' $HOSTNAME', { GREETING: 'hello' });
    expect(r.out).toBe('hello hellos none $GREETING demo-pod\n');
  });

  it('$? is the status of the previous command, at the time it runs', async () => {
    expect((await sh('false; echo $?; true; echo $?')).out).toBe('1\n0\n');
    expect((await sh('nope; echo "status $?"')).out).toBe('status 127\n');
  });

  it('&& and || group left to right', async () => {
    expect((await sh('true && echo yes || echo no')).out).toBe('yes\n');
    expect((await sh('false && echo yes || echo no')).out).toBe('no\n');
    expect(await sh('false || false && echo never')).toMatchObject({ code: 1, out: '' });
    expect(await sh('false; true')).toMatchObject({ code: 0 });
  });

  it('assignments set variables, and prefix assignments reach the command', async () => {
    expect((await sh('A=1; echo $A; B=2 printenv B; echo "[$B]"')).out).toBe('1\n2\n[]\n');
  });

  it('an unknown command exits 127 with "sh: X: not found"', async () => {
    expect(await sh('curl http://web-service')).toMatchObject({ code: 127, out: '', err: 'sh: curl: not found\n' });
  });

  it('env, printenv, hostname and date', async () => {
    const r = await sh('env; printenv MODE; printenv NOPE || echo unset; hostname; date; date +%F', { MODE: 'lab' });
    expect(r.out).toContain('MODE=lab\n');
    expect(r.out).toContain('HOSTNAME=demo-pod\n');
    expect(r.out).toContain('lab\nunset\ndemo-pod\nMon Nov 23 09:22:03 UTC 2026\n2026-11-23\n');
  });

  it('date follows the virtual clock', async () => {
    expect((await sh('date +%T; sleep 1m; date +%T')).out).toBe('09:22:03\n09:23:03\n');
  });

  it('cat with nothing reads an empty stdin; cat of a file fails', async () => {
    expect(await sh('cat')).toMatchObject({ code: 0, out: '' });
    expect(await sh('cat /etc/passwd')).toMatchObject({ code: 1, err: "cat: can't open '/etc/passwd': No such file or directory\n" });
  });

  it('rejects what the subset does not have, with exit 2', async () => {
    expect(await sh('echo a | wc -l')).toMatchObject({ code: 2, err: expect.stringContaining("'|' is not supported") });
    expect(await sh('for i in 1 2; do echo $i; done')).toMatchObject({ code: 2, err: expect.stringContaining("'for' is not supported") });
    expect(await sh('echo "open')).toMatchObject({ code: 2, err: 'sh: syntax error: unterminated quoted string\n' });
    expect(await sh('true && ')).toMatchObject({ code: 2, err: 'sh: syntax error: unexpected end of file\n' });
    expect(await sh('sleep abc')).toMatchObject({ code: 1, err: "sleep: invalid number 'abc'\n" });
  });

  it('comments end the script; a glob with no files stays as written', async () => {
    expect((await sh('echo *.txt # a comment')).out).toBe('*.txt\n');
  });

  it('with no command, busybox runs sh, which reads an empty stdin and exits 0', async () => {
    const c = fakeContainer({ image: 'busybox' });
    expect(await lookupImage('busybox')!.run(c.ctx)).toBe(0);
  });

  it('a killed sleep rejects with the AbortError, for the kubelet to record', async () => {
    const controller = new AbortController();
    const c = fakeContainer({ command: ['sh', '-c', 'sleep infinity'], controller });
    const running = lookupImage('busybox')!.run(c.ctx);
    controller.abort(new DOMException('killed', 'AbortError'));
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('other images with a shell', () => {
  it("Debian-based images use dash's message", async () => {
    expect((await sh('nope', {}, 'perl')).err).toBe('sh: 1: nope: not found\n');
  });

  it('centos runs sleep 3600 as given, and sleeps until killed by default', async () => {
    const c = fakeContainer({ image: 'centos:7', command: ['sleep', '3600'] });
    expect(await lookupImage('centos:7')!.run(c.ctx)).toBe(0);
    expect(c.slept).toEqual([3_600_000]);
    const controller = new AbortController();
    const d = fakeContainer({ image: 'centos:7', controller });
    const running = lookupImage('centos:7')!.run(d.ctx);
    await Promise.resolve();
    controller.abort(new DOMException('killed', 'AbortError'));
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('sh -c positional parameters', () => {
  it('sets $0, $1, $# and $@ from the words after the script', async () => {
    const c = fakeContainer({ command: ['sh', '-c', 'echo "$0 got $# args: $1 / $@"', 'worker', 'a', 'b'] });
    expect(await lookupImage('busybox')!.run(c.ctx)).toBe(0);
    expect(c.stdout()).toBe('worker got 2 args: a / a b\n');
  });
});
