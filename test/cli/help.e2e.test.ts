import { describe, expect, it } from 'vitest';
import { kit } from '../helpers/kit';

/** The command names a `--help` page lists under "Commands:". */
function commandsIn(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^  ([a-z][\w-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

describe('kit --help', () => {
  const top = kit(['--help']);
  it('lists the command groups and exits 0', () => {
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^Usage: kit \[options\] \[command\]/);
    for (const c of ['start', 'stop', 'doctor', 'notebook', 'kernel', 'cluster', 'sqs', 'quiz', 'images']) expect(commandsIn(top.stdout)).toContain(c);
  });

  it('every command and subcommand has its own accurate --help', () => {
    const seen: string[] = [];
    const walk = (path: string[]) => {
      const r = kit([...path, '--help']);
      expect(r.status, `kit ${path.join(' ')} --help`).toBe(0);
      expect(r.stdout, `kit ${path.join(' ')} --help`).toMatch(new RegExp(`^Usage: kit ${path.join(' ')}\\b`));
      // a description line follows the usage line
      expect(r.stdout.split('\n')[2]?.trim().length, `kit ${path.join(' ')} has a description`).toBeGreaterThan(10);
      seen.push(path.join(' '));
      for (const sub of commandsIn(r.stdout)) walk([...path, sub]);
    };
    for (const c of commandsIn(top.stdout)) walk([c]);
    expect(seen).toEqual(expect.arrayContaining(['notebook run', 'notebook clean', 'notebook export', 'start', 'stop']));
  });

  it('rejects an unknown command with exit code 2', () => {
    const r = kit(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
