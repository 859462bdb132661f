import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefaultTimeout, renderText, shellBlocks } from '../../src/labs/markdown';

const md = [
  '# Step',
  '',
  '```bash',
  'kubectl get pods',
  '```',
  '',
  '```bash timeout=5 expectError=true wait=1',
  'kubectl apply -f broken.yaml',
  '```',
  '',
  '```sh test=false hook=done',
  'kubectl get jobs -w',
  '```',
  '',
  '```yaml',
  'kind: Pod',
  '```',
].join('\n');

describe('lab Markdown: shell blocks and annotations', () => {
  it('extracts shell blocks in order with their annotations and lines', () => {
    expect(shellBlocks(md, 'lab/step.md')).toEqual([
      { text: 'kubectl get pods', line: 3, test: true, timeout: DefaultTimeout, expectError: false, wait: 0, hook: undefined },
      { text: 'kubectl apply -f broken.yaml', line: 7, test: true, timeout: 5, expectError: true, wait: 1, hook: undefined },
      { text: 'kubectl get jobs -w', line: 11, test: false, timeout: DefaultTimeout, expectError: false, wait: 0, hook: 'done' },
    ]);
  });

  it('rejects an unknown annotation, naming the file and line', () => {
    expect(() => shellBlocks('text\n\n```bash tiemout=5\nls\n```\n', 'lab/step.md')).toThrow('lab/step.md:3: unknown annotation "tiemout"');
  });

  it('rejects bad values and malformed annotations', () => {
    expect(() => shellBlocks('```bash test=no\nls\n```\n', 's.md')).toThrow('s.md:1: test= must be true or false (got "no")');
    expect(() => shellBlocks('```bash timeout=soon\nls\n```\n', 's.md')).toThrow('s.md:1: timeout= must be a number of seconds (got "soon")');
    expect(() => shellBlocks('```bash quick\nls\n```\n', 's.md')).toThrow('s.md:1: "quick" is not an annotation (expected key=value)');
    expect(() => shellBlocks('```yaml timeout=3\nkind: Pod\n```\n', 's.md')).toThrow('s.md:1: unknown annotation "timeout" on a yaml fence');
  });

  it('embeds manifests from the lab folder and drops annotations from what the learner reads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-lab-md-'));
    fs.mkdirSync(path.join(dir, 'manifests'));
    fs.writeFileSync(path.join(dir, 'manifests', 'job.yaml'), 'kind: Job\nmetadata:\n  name: pi\n');
    const out = renderText('Apply this:\n\n```yaml file=manifests/job.yaml\n```\n\n```bash timeout=5\nkubectl apply -f job.yaml\n```\n', dir, 's.md');
    expect(out).toBe('Apply this:\n\n```yaml\n# manifests/job.yaml\nkind: Job\nmetadata:\n  name: pi\n```\n\n```bash\nkubectl apply -f job.yaml\n```\n');
    expect(() => renderText('```yaml file=missing.yaml\n```\n', dir, 's.md')).toThrow('s.md:1: file=missing.yaml does not exist in the lab folder');
    expect(() => renderText('```yaml file=manifests/job.yaml\nkind: Pod\n```\n', dir, 's.md')).toThrow('must be empty');
  });
});
