import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLab, listLabs, loadLab } from '../../src/labs/format';
import { root } from '../helpers/kit';

function labDir(index: Record<string, unknown>, files: Record<string, string> = {}): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-labs-'));
  const dir = path.join(base, String(index.id ?? '01-demo'));
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  for (const [f, text] of Object.entries({ 'step1.md': 'Do it.\n', 'solution.md': 'Because.\n', 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', ...files })) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

const good = {
  id: '01-demo',
  title: 'Demo',
  minutes: 5,
  prerequisites: [],
  description: 'A demo.',
  starter: ['cm.yaml'],
  steps: [{ id: 'one', title: 'One', text: 'step1.md', check: { type: 'configMap', name: 'x', data: { a: 'b' } }, solution: ['cm.yaml'], solutionText: 'solution.md' }],
};

describe('lab format: index.json is validated with errors naming the file and field', () => {
  it('loads a valid lab', () => {
    const lab = loadLab(labDir(good));
    expect({ id: lab.id, steps: lab.steps.map((s) => [s.id, s.check.type, s.solution, s.solutionText]) }).toEqual({ id: '01-demo', steps: [['one', 'configMap', ['cm.yaml'], 'solution.md']] });
  });

  it.each([
    [{ ...good, minutes: 0 }, '01-demo/index.json: minutes must be a positive number'],
    [{ ...good, colour: 'red' }, '01-demo/index.json: colour is not a lab field'],
    [{ ...good, id: '01-other' }, '01-demo/index.json: id must match the folder name "01-demo" (got "01-other")'],
    [{ ...good, steps: [] }, '01-demo/index.json: steps must be a non-empty list'],
    [{ ...good, starter: ['nope.yaml'] }, '01-demo/index.json: starter[0] names a file that does not exist: nope.yaml'],
    [{ ...good, steps: [{ ...good.steps[0], text: '../x.md' }] }, '01-demo/index.json: steps[0].text must be a path inside the lab folder (got "../x.md")'],
    [{ ...good, steps: [{ ...good.steps[0], solution: [] }] }, '01-demo/index.json: steps[0].solution must list at least one file'],
    [{ ...good, steps: [{ ...good.steps[0], solutionText: undefined }] }, '01-demo/index.json: steps[0].solutionText must be a non-empty string'],
    [{ ...good, steps: [{ ...good.steps[0], solutionText: 'solution/step1.md' }] }, '01-demo/index.json: steps[0].solutionText names a file that does not exist: solution/step1.md'],
    [{ ...good, steps: [{ ...good.steps[0], check: { type: 'podsReady', name: 'x' } }] }, '01-demo/index.json: steps[0].check has an unknown type "podsReady" (known: configMap, jobComplete, cronJobForbid, sqsTargetRate, sqsConsumer, sqsRedrive)'],
    [{ ...good, steps: [{ ...good.steps[0], check: { type: 'jobComplete', name: 'pi', completion: 5 } }] }, '01-demo/index.json: steps[0].check has an unknown field "completion" for type jobComplete'],
    [{ ...good, steps: [{ ...good.steps[0], check: { type: 'cronJobForbid', name: 'r' } }] }, '01-demo/index.json: steps[0].check needs "minJobs" for type cronJobForbid'],
    [{ ...good, steps: [{ ...good.steps[0], check: { type: 'sqsRedrive', queue: 'jobs', maxReceiveCount: 3, messages: 10, seconds: 4 } }] }, '01-demo/index.json: steps[0].check is an SQS check (sqsRedrive); add "sqs": "<config>.yaml" to the lab'],
    [{ ...good, sqs: 'cm.yaml' }, '01-demo/index.json: steps[0].check is a cluster check (configMap) in an SQS lab'],
    [{ ...good, sqs: 'step1.md' }, '01-demo/index.json: sqs names a config that does not load: step1.md: expected a mapping with a `queues:` list'],
    [{ ...good, sqs: 'cm.yaml', steps: [{ ...good.steps[0], check: { type: 'sqsTargetRate', queue: 'q', settings: 's.json', minRate: 0, seconds: 3, size: 512 } }] }, '01-demo/index.json: steps[0].check "minRate" must be a positive integer'],
  ])('rejects %j', (index, message) => {
    const dir = labDir(index as Record<string, unknown>);
    if (index.id !== '01-demo') fs.renameSync(dir, path.join(path.dirname(dir), '01-demo'));
    expect(() => loadLab(path.join(path.dirname(dir), '01-demo'))).toThrow(message);
  });

  it('loads an SQS lab: its config, SQS checks and a written solution', () => {
    const sqsGood = { ...good, sqs: 'sqs.yaml', steps: [{ ...good.steps[0], check: { type: 'sqsRedrive', queue: 'jobs', maxReceiveCount: 3, messages: 10, seconds: 4 }, solutionText: 'why.md' }] };
    const lab = loadLab(labDir(sqsGood, { 'sqs.yaml': 'queues: [jobs, jobs-dlq]\n', 'why.md': 'Because.\n' }));
    expect({ sqs: lab.sqs, check: lab.steps[0].check.type, text: lab.steps[0].solutionText }).toEqual({ sqs: 'sqs.yaml', check: 'sqsRedrive', text: 'why.md' });
  });

  it('says when index.json is not JSON', () => {
    const dir = labDir(good);
    fs.writeFileSync(path.join(dir, 'index.json'), '{ "id": ');
    expect(() => loadLab(dir)).toThrow(/^01-demo\/index\.json is not valid JSON/);
  });

  it('validates the step texts at load: annotations, embeds, hook names', () => {
    expect(() => loadLab(labDir(good, { 'step1.md': '```bash tmeout=3\nls\n```\n' }))).toThrow('01-demo/step1.md:1: unknown annotation "tmeout"');
    expect(() => loadLab(labDir(good, { 'step1.md': '```yaml file=gone.yaml\n```\n' }))).toThrow('01-demo/step1.md:1: file=gone.yaml does not exist in the lab folder');
    expect(() => loadLab(labDir(good, { 'step1.md': '```bash hook=done\nls\n```\n' }))).toThrow('01-demo/step1.md:1: hook=done is not in 01-demo/index.json hooks');
  });

  it('validates the solution texts at load: embeds, and no shell blocks (the harness would not run them)', () => {
    expect(() => loadLab(labDir(good, { 'solution.md': 'Why.\n\n```yaml file=gone.yaml\n```\n' }))).toThrow('01-demo/solution.md:3: file=gone.yaml does not exist in the lab folder');
    expect(() => loadLab(labDir(good, { 'solution.md': 'Then:\n\n```bash\nkubectl apply -f cm.yaml\n```\n' }))).toThrow('01-demo/solution.md:3: a solution text cannot have shell blocks (the harness does not run them)');
  });

  it('finds a lab by id or number, and names the labs when there is no match', () => {
    const dir = labDir(good);
    expect(findLab('01', path.dirname(dir)).id).toBe('01-demo');
    expect(() => findLab('07', path.dirname(dir))).toThrow('no lab "07"');
  });

  it("every lab in the kit's labs/ folder loads", () => {
    const labs = listLabs(path.join(root, 'labs'));
    expect(labs.map((l) => l.id)).toContain('00-first-lab');
    for (const l of labs) for (const s of l.steps) expect(fs.readFileSync(path.join(l.dir, s.solutionText), 'utf8'), `${l.id}/${s.solutionText}`).toMatch(/\*\*Why this works\.\*\*/);
  });
});
