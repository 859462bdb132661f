import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabs, shellBlocks, runBlocks, workspace, type Lab } from '../../src/labs';
import { root, tempHome } from '../helpers/kit';
import { buildOnce, harnessEnv, kitLab, labTimer, LabMachineBudgetMs, timingTable, type LabTiming } from './lab-e2e-helpers';
import { processAlive as alive } from '../../src/env/process';

// Every SQS lab, both ways, as the learner meets it: start (the lab's own endpoint), the check
// fails with a reason and a hint, the text's shell blocks run as written against that endpoint,
// the solution files replace the learner's, the check passes, reset stops the endpoint.
const home = tempHome('kit-sqs-labs-');
const saved = process.env.KIT_HOME;
beforeAll(() => {
  buildOnce();
  process.env.KIT_HOME = home;
});
const timings: LabTiming[] = [];
afterAll(async () => {
  if (timings.length) console.log(timingTable(timings));
  // A failed test must not leave a lab's endpoint running.
  for (const l of labs) await kitLab({ home }, ['reset', l.id]);
  if (saved === undefined) delete process.env.KIT_HOME;
  else process.env.KIT_HOME = saved;
});

const labs: Lab[] = listLabs(path.join(root, 'labs')).filter((l) => l.sqs);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function endpointInfo(id: string): { pid: number; url: string } {
  return JSON.parse(fs.readFileSync(path.join(home, 'labs', `${id}.sqs.json`), 'utf8')) as { pid: number; url: string };
}

it('has the three SQS labs', () => {
  expect(labs.map((l) => l.id)).toEqual(['04-sqs-target-rate', '05-sqs-lost-messages', '06-sqs-dlq']);
});

describe.each(labs.map((l) => [l.id, l] as const))('lab %s', (id, lab) => {
  it('fails on the fresh lab with hints, passes once solved, and reset stops its endpoint', async () => {
    const timer = labTimer(id);
    const started = await timer.phase('start', () => kitLab({ home }, ['start', id]));
    expect(started.code, started.out).toBe(0);
    expect(started.out).toMatch(/^sqs: the lab's endpoint http:\/\/127\.0\.0\.1:\d+ \(started, pid \d+\)$/m);
    const { pid, url } = endpointInfo(id);
    expect(started.out).toContain(`then:      cd ${workspace(lab)} && export KIT_SQS_ENDPOINT=${url}`);
    for (const f of lab.starter) expect(fs.existsSync(path.join(workspace(lab), path.basename(f)))).toBe(true);
    const again = await kitLab({ home }, ['start', id]);
    expect(again.out).toContain(`sqs: the lab's endpoint ${url} (already running, pid ${pid})`); // idempotent

    const fresh = await kitLab({ home }, ['check', id]);
    expect(fresh.code, fresh.out).toBe(1);
    lab.steps.forEach((s, i) => expect(fresh.out).toMatch(new RegExp(`^✗ step ${i + 1} ${esc(s.title)}: .+\n    hint: .+`, 'm')));

    const env = harnessEnv({ home }, { KIT_SQS_ENDPOINT: url });
    for (const [i, step] of lab.steps.entries()) {
      const file = `${id}/${step.text}`;
      await timer.phase('blocks', () => runBlocks(shellBlocks(fs.readFileSync(path.join(lab.dir, step.text), 'utf8'), file), { cwd: workspace(lab), env, file, solution: step.solution.map((f) => path.join(lab.dir, f)) }));
      const solved = await timer.phase('solve', () => kitLab({ home }, ['solve', id, '--step', step.id]));
      expect(solved.code, solved.out).toBe(0);
      // The written solution comes first (what to change and why), then the files that replaced the learner's.
      const heading = solved.out.indexOf(`## Solution to step ${i + 1}: ${step.title}\n`);
      expect(heading, solved.out).toBeGreaterThan(0);
      expect(solved.out.indexOf('**Why this works.**', heading)).toBeGreaterThan(heading);
      expect(solved.out.search(new RegExp(`^step ${i + 1}: \\S+ replaced \\(from solution/`, 'm'))).toBeGreaterThan(heading);
      await timer.phase('check', async () => expect((await kitLab({ home }, ['check', id])).out).toContain(`✓ step ${i + 1} ${step.title}`));
    }
    const timing = timer.done();
    timings.push(timing);
    expect(timing.total, `lab ${id}: the harness run (start + text blocks + solve + check) took ${(timing.total / 1000).toFixed(1)} s, over the ${LabMachineBudgetMs / 1000} s budget`).toBeLessThanOrEqual(LabMachineBudgetMs);

    const done = await kitLab({ home }, ['check', id]);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain(lab.steps.map((s, i) => `✓ step ${i + 1} ${s.title}`).join('\n'));
    expect(done.out).toContain(`all ${lab.steps.length} steps pass: lab ${id} is done`);
    expect((await kitLab({ home }, ['list'])).out).toMatch(new RegExp(`${id} .*passed`));

    const reset = await kitLab({ home }, ['reset', id]);
    expect(reset.code, reset.out).toBe(0);
    expect(reset.out).toMatch(new RegExp(`^lab ${id} reset: deleted queues? [\\w, -]+; stopped the lab's SQS endpoint ${esc(url)} \\(pid ${pid}\\); workspace removed$`, 'm'));
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(workspace(lab))).toBe(false);
    expect((await kitLab({ home }, ['reset', id])).out.trim()).toBe(`lab ${id}: no endpoint running and no workspace; already clean`);
  });
});

describe('SQS lab checks explain a wrong setting', () => {
  it('04: Little\'s law in the hint for a setting that cannot reach the rate; a bad file names the field', async () => {
    const lab = labs[0];
    expect((await kitLab({ home }, ['start', lab.id])).code).toBe(0);
    const settings = path.join(workspace(lab), 'settings.json');
    fs.writeFileSync(settings, '{ "batch": 10, "concurrency": 1 }\n');
    const r = await kitLab({ home }, ['check', lab.id]);
    expect(r.out).toMatch(/✗ step 1 .*: batch 10, concurrency 1 sent \d+ msg\/s for 3 s; the target is 1,000 msg\/s\n    hint: Little's law: 1 in flight × 10 per batch ÷ 4\d ms round trip = 2\d\d msg\/s at most; 1,000 msg\/s needs concurrency × batch ≥ 1,000 × 0\.04\d s = 4\d/);
    fs.writeFileSync(settings, '{ "batch": 11, "concurrency": 4 }\n');
    expect((await kitLab({ home }, ['check', lab.id])).out).toContain('✗ step 1 Send at least 1,000 msg/s with your batch and concurrency: settings.json: batch is 11\n    hint: SendMessageBatch takes 1–10 messages');
    await kitLab({ home }, ['reset', lab.id]);
  });

  it('05: a type error in the learner\'s consumer is file:line and the message, not a stack trace', async () => {
    const lab = labs[1];
    expect((await kitLab({ home }, ['start', lab.id])).code).toBe(0);
    const file = path.join(workspace(lab), 'consumer.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('await handle(m.Body!)', 'await handle(m.Body)'));
    const r = await kitLab({ home }, ['check', lab.id]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✗ step 1 Lose no message when the consumer crashes mid-batch: consumer.ts:13: Argument of type 'string | undefined' is not assignable to parameter of type 'string'. Type 'undefined' is not assignable to type 'string'.\n    hint: fix the type error in consumer.ts");
    expect(r.out).not.toMatch(/\n\s+at /);
    await kitLab({ home }, ['reset', lab.id]);
  });

  it('a stale endpoint file (its pid now another process) is never signalled, and start runs a new endpoint', async () => {
    const file = path.join(home, 'labs', '06-sqs-dlq.sqs.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:1' })); // this test process: alive, not an endpoint
    expect((await kitLab({ home }, ['reset', '06'])).out.trim()).toBe('lab 06-sqs-dlq: no endpoint running and no workspace; already clean');
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:1' }));
    const started = await kitLab({ home }, ['start', '06']);
    expect(started.out).toMatch(/^sqs: the lab's endpoint http:\/\/127\.0\.0\.1:\d+ \(started, pid \d+\)$/m);
    expect(endpointInfo('06-sqs-dlq').pid).not.toBe(process.pid);
    expect((await kitLab({ home }, ['reset', '06'])).code).toBe(0);
  });

  it('checking an SQS lab that is not started says to start it', async () => {
    await kitLab({ home }, ['reset', '06']);
    const r = await kitLab({ home }, ['check', '06']);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toBe('kit: lab 06-sqs-dlq is not started (its SQS endpoint is not running). Run `kit lab start 06-sqs-dlq` first.');
  });
});
