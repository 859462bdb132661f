import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kit, root, tempHome } from '../helpers/kit';

// Every notebook the kit ships runs headless through the real kernel, as CI does: a notebook
// fails on any error output and on any stderr output (tslab reports type errors on stderr).
const home = tempHome('kit-nb-');
// Its own kernelspec folder, so a run never picks up another checkout's registered kernel.
const env = { KIT_HOME: home, JUPYTER_DATA_DIR: path.join(home, 'jupyter-data') };
const notebooks = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('the kit\'s notebooks', () => {
  it('are committed clean', () => {
    const r = kit(['notebook', 'clean', '--check', 'notebooks']);
    expect(r.stderr).not.toMatch(/not clean/);
    expect(r.status).toBe(0);
  });

  for (const nb of notebooks) {
    it(`${nb} executes with no error or stderr output`, () => {
      const out = path.join(home, 'executed');
      const r = kit(['notebook', 'run', path.join('notebooks', nb), '--out', out], env);
      expect(r.stderr + r.stdout).toMatch(new RegExp(`${nb.replace('.', '\\.')}\\s+(\\d+)/\\1\\s+[\\d.]+\\s+ok`));
      expect(r.status).toBe(0);
      const executed = JSON.parse(fs.readFileSync(path.join(out, nb), 'utf8'));
      expect(executed.metadata.kernelspec.name).toBe('cloud-study-kit');
      const source = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', nb), 'utf8'));
      expect(source.cells.every((c: any) => !c.outputs || c.outputs.length === 0)).toBe(true); // sources untouched
    });
  }
});

describe('kit notebook export', () => {
  it('writes standalone HTML with the charts inline', () => {
    const out = path.join(home, 'html');
    const r = kit(['notebook', 'export', 'notebooks/00-welcome.ipynb', '--out', out], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${path.join(out, '00-welcome.html')}`);
    const html = fs.readFileSync(path.join(out, '00-welcome.html'), 'utf8');
    expect(html).toMatch(/<div class="kit-chart"><svg[^>]*>/);
    expect(html).toContain('throughput (messages/s)');
    expect(html).toContain('What is ready');
  });
});

describe('a failing notebook', () => {
  it('reports the cell number, its source and the TypeScript error from stderr', () => {
    const r = kit(['notebook', 'run', 'test/fixtures/notebooks/type-error.ipynb', '--out', path.join(home, 'bad')], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✓ \[1\/3\]/);
    expect(r.stdout).toMatch(/✗ \[2\/3\]/);
    expect(r.stderr).toContain('type-error.ipynb: cell 2 (notebook cell #3) failed');
    expect(r.stderr).toContain("const answer: number = 'forty-two';");
    expect(r.stderr).toMatch(/--- stderr ---\n.*Type 'string' is not assignable to type 'number'/);
  });

  it('reports a runtime exception (tslab prints it on stderr)', () => {
    const r = kit(['notebook', 'run', 'test/fixtures/notebooks/throws.ipynb', '--out', path.join(home, 'bad')], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cell 1 \(notebook cell #1\) failed[\s\S]*--- stderr ---[\s\S]*^Error: the cluster is on fire$/m);
  });

  it('rejects a missing or corrupt notebook with one line and exit code 2', () => {
    const missing = kit(['notebook', 'run', 'missing.ipynb']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n').filter((l) => l.startsWith('kit:'))).toEqual([
      "kit: no such notebook or folder: missing.ipynb. Check the path; `ls notebooks/` lists the kit's notebooks.",
    ]);
    const corrupt = path.join(home, 'corrupt.ipynb');
    fs.writeFileSync(corrupt, '{"cells": [');
    const bad = kit(['notebook', 'run', corrupt]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^kit: .*corrupt\.ipynb is not a valid notebook: .*$/m);
  });
});
