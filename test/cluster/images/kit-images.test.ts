import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { register } from '../../../src/cli/commands/images';
import { shareImage, unregisterImage } from '../../../src/cluster/images';
import { runCluster } from '../../../src/cluster/run';
import { tempHome } from '../helpers';

async function kitImages(): Promise<string> {
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
  return lines.join('\n');
}

describe('kit images', () => {
  it('prints the catalog as a table with each image, what it does and an example', async () => {
    const text = await kitImages();
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

  it('lists the images notebooks share with the running kit cluster', async () => {
    const home = tempHome();
    const saved = process.env.KIT_HOME;
    process.env.KIT_HOME = home;
    const running = await runCluster({ home, port: 0 });
    try {
      await shareImage({ name: 'kit-test/shared', description: 'a shared worker', example: 'kit-test/shared', run: async () => 0 }, { home });
      const text = await kitImages();
      expect(text).toContain(`Images notebooks share with the kit cluster at ${running.info.url}`);
      expect(text).toMatch(new RegExp(`^kit-test/shared\\s+a shared worker \\(registered by the notebook kernel \\(pid ${process.pid}\\)\\)\\s+kit-test/shared$`, 'm'));
    } finally {
      await running.stop();
      unregisterImage('kit-test/shared');
      if (saved === undefined) delete process.env.KIT_HOME;
      else process.env.KIT_HOME = saved;
    }
  });
});
