import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { register } from '../../../src/cli/commands/images';

describe('kit images', () => {
  it('prints the catalog as a table with each image, what it does and an example', async () => {
    const prog = new Command('kit').exitOverride();
    register(prog);
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      await prog.parseAsync(['node', 'kit', 'images']);
    } finally {
      console.log = log;
    }
    const text = lines.join('\n');
    expect(text).toMatch(/^IMAGE\s+DESCRIPTION\s+EXAMPLE$/m);
    expect(text).toMatch(/^perl\s+one-liners .*perl -Mbignum=bpi -wle "print bpi\(2000\)"$/m);
    expect(text).toMatch(/^busybox\s+.*sh -c "sleep 5; exit 0"$/m);
    expect(text).toContain('registerImage()');
  });

  it('has a description for --help', () => {
    const prog = new Command('kit');
    register(prog);
    expect(prog.commands.find((c) => c.name() === 'images')?.description()).toContain('ImagePullBackOff');
  });
});
