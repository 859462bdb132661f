import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanFiles, cleanNotebook } from '../../src/notebook';

const executed = {
  cells: [
    { cell_type: 'markdown', metadata: { collapsed: true }, source: ['# Title'] },
    { cell_type: 'code', metadata: { tags: ['slow'], scrolled: true }, source: 'table(rows)', execution_count: 7, outputs: [{ output_type: 'stream', name: 'stdout', text: ['/home/me/x\n'] }] },
  ],
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' }, language_info: { name: 'typescript', version: '5.0.4' }, widgets: {} },
  nbformat: 4,
  nbformat_minor: 5,
};

describe('cleanNotebook', () => {
  it('strips outputs, execution counts and volatile metadata, keeps tags, pins the kit kernel', () => {
    const c = cleanNotebook(executed as any);
    expect(c.cells[1]).toMatchObject({ outputs: [], execution_count: null, metadata: { tags: ['slow'] } });
    expect(c.cells[0].metadata).toEqual({});
    expect(c.metadata).toEqual({
      kernelspec: { name: 'cloud-study-kit', display_name: 'TypeScript (cloud-study-kit)', language: 'typescript' },
      language_info: { name: 'typescript' },
    });
  });

  it('reports a dirty notebook in check mode without changing it, then cleans it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-clean-'));
    const file = path.join(dir, 'a.ipynb');
    fs.writeFileSync(file, JSON.stringify(executed));
    const before = fs.readFileSync(file, 'utf8');
    expect(cleanFiles([file], true)).toEqual([file]);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(cleanFiles([file])).toEqual([file]);
    expect(cleanFiles([file], true)).toEqual([]); // idempotent
    expect(fs.readFileSync(file, 'utf8')).not.toContain('/home/me');
  });
});
