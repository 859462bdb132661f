import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNotebooks, readNotebook } from '../../src/notebook';

describe('finding and reading notebooks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-files-'));
  it('names a missing path', () => {
    expect(() => findNotebooks([path.join(dir, 'missing.ipynb')])).toThrow(/no such notebook or folder: .*missing\.ipynb/);
  });
  it('says a corrupt notebook is not valid JSON, naming the file', () => {
    const f = path.join(dir, 'corrupt.ipynb');
    fs.writeFileSync(f, '{"cells": [');
    expect(() => readNotebook(f)).toThrow(/corrupt\.ipynb is not a valid notebook/);
  });
  it('rejects JSON that is not a notebook', () => {
    const f = path.join(dir, 'other.ipynb');
    fs.writeFileSync(f, '{"hello": 1}');
    expect(() => readNotebook(f)).toThrow(/no "cells" list/);
  });
  it('lists a folder\'s notebooks in order', () => {
    for (const n of ['02-b.ipynb', '01-a.ipynb', 'notes.txt']) fs.writeFileSync(path.join(dir, n), '{}');
    expect(findNotebooks([dir]).map((f) => path.basename(f))).toEqual(['01-a.ipynb', '02-b.ipynb', 'corrupt.ipynb', 'other.ipynb']);
  });
});
