import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockFailure, runBlocks } from '../../src/labs/harness';
import { shellBlocks } from '../../src/labs/markdown';

const opts = { cwd: os.tmpdir(), file: 'lab/step.md' };

describe('lab harness: runs shell blocks as written', () => {
  it('runs blocks in order, skips test=false, and passes when expected errors fail', async () => {
    const blocks = shellBlocks('```bash\necho one\n```\n\n```bash test=false\nexit 3\n```\n\n```bash expectError=true\necho no >&2; exit 4\n```\n', 'lab/step.md');
    const runs = await runBlocks(blocks, opts);
    expect(runs.map((r) => [r.skipped, r.code, r.output])).toEqual([[false, 0, 'one\n'], [true, null, ''], [false, 4, 'no\n']]);
  });

  it('reports a failing block with its file, line, text and output', async () => {
    const blocks = shellBlocks('intro\n\n```bash\necho applying\nfalse\necho never\n```\n', 'lab/step.md');
    const err = await runBlocks(blocks, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockFailure);
    expect((err as Error).message).toBe('lab/step.md:3: exited 1\n--- block ---\necho applying\nfalse\necho never\n--- output ---\napplying');
  });

  it('fails a block marked expectError=true that succeeds', async () => {
    const blocks = shellBlocks('```bash expectError=true\ntrue\n```\n', 'lab/step.md');
    await expect(runBlocks(blocks, opts)).rejects.toThrow('lab/step.md:1: was expected to fail (expectError=true) but exited 0');
  });

  it('kills a block that outlives its timeout', async () => {
    const blocks = shellBlocks('```bash timeout=0.3\nsleep 30\n```\n', 'lab/step.md');
    await expect(runBlocks(blocks, opts)).rejects.toThrow('lab/step.md:1: timed out after 0.3s');
  });

  it('runs pipelines with pipefail and sees the env it is given', async () => {
    const blocks = shellBlocks('```bash\necho "$KUBECONFIG"\n```\n\n```bash expectError=true\nfalse | cat\n```\n', 's.md');
    const runs = await runBlocks(blocks, { ...opts, env: { KUBECONFIG: '/tmp/kc' } });
    expect(runs[0].output).toBe('/tmp/kc\n');
  });

  it('calls the named hook after its block and fails with its reason', async () => {
    const blocks = shellBlocks('```bash hook=counted\necho 2 pods\n```\n', 's.md');
    const seen: string[] = [];
    await runBlocks(blocks, { ...opts, hook: async (name, run) => (seen.push(`${name}:${run.output.trim()}`), undefined) });
    expect(seen).toEqual(['counted:2 pods']);
    await expect(runBlocks(blocks, { ...opts, hook: async () => 'want 3 pods' })).rejects.toThrow('lab/step.md:1: hook counted failed: want 3 pods');
  });

  it('edit=solution copies the step\'s solution files into the workspace before the block runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-harness-'));
    const solution = path.join(dir, 'solution');
    fs.mkdirSync(solution);
    fs.writeFileSync(path.join(solution, 'job.yaml'), 'restartPolicy: Never\n');
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'job.yaml'), 'restartPolicy: Always\n');
    const blocks = shellBlocks('```bash\ncat job.yaml\n```\n\n```bash edit=solution\ncat job.yaml\n```\n', 's.md');
    const runs = await runBlocks(blocks, { cwd: work, file: 's.md', solution: [path.join(solution, 'job.yaml')] });
    expect(runs.map((r) => r.output)).toEqual(['restartPolicy: Always\n', 'restartPolicy: Never\n']);
    await expect(runBlocks(blocks, { cwd: work, file: 's.md' })).rejects.toThrow('s.md:5: edit=solution but the step has no solution files');
    expect(() => shellBlocks('```bash edit=mine\ntrue\n```\n', 's.md')).toThrow('s.md:1: edit= takes only "solution" (the step\'s solution files), got "mine"');
  });
});
