import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabs, shellBlocks, runBlocks, workspace, type Lab } from '../../src/labs';
import { startTestCluster, until, type TestCluster } from '../cluster/e2e-helpers';
import { root } from '../helpers/kit';
import { buildOnce, harnessEnv, kitAsync, kitLab, labEnv, labTimer, LabMachineBudgetMs, timingTable, type LabTiming } from './lab-e2e-helpers';
import { tempHome } from '../helpers/kit';

// Speed 10: fast enough for the CronJob lab's minutes, slow enough that a loaded CI machine
// does not push the deadline lab past its activeDeadlineSeconds in virtual time.
// Every lab, both ways, as the learner meets it: start, the check fails with hints, the text's
// shell blocks run as written, the solution is applied, the check passes, reset leaves nothing.
let t: TestCluster;
const saved = { home: process.env.KIT_HOME, kc: process.env.KUBECONFIG };
beforeAll(async () => {
  buildOnce();
  t = await startTestCluster({ speed: 10 });
  process.env.KIT_HOME = t.home;
  delete process.env.KUBECONFIG;
});
const timings: LabTiming[] = [];
afterAll(async () => {
  if (timings.length) console.log(timingTable(timings));
  for (const [k, v] of [['KIT_HOME', saved.home], ['KUBECONFIG', saved.kc]] as const) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  await t?.stop();
});

// SQS labs run on their own endpoint, without the cluster: sqs-labs.e2e.test.ts.
const labs: Lab[] = listLabs(path.join(root, 'labs')).filter((l) => !l.sqs);

describe.each(labs.map((l) => [l.id, l] as const))('lab %s', (id, lab) => {
  it('fails on the fresh lab with hints, passes once solved, and resets to nothing labelled', async () => {
    const timer = labTimer(id);
    const started = await timer.phase('start', () => kitLab(t, ['start', id]));
    expect(started.code, started.out).toBe(0);
    expect(started.out).toContain(`cluster: embedded kit cluster (context kit, ${t.url})`);
    expect(started.out).toContain(`namespace: lab-${id} (labelled kit.dev/lab=${id})`);
    for (const f of lab.starter) expect(fs.existsSync(path.join(workspace(lab), path.basename(f)))).toBe(true);
    expect((await kitLab(t, ['start', id])).code).toBe(0); // idempotent

    const fresh = await kitLab(t, ['check', id]);
    expect(fresh.code, fresh.out).toBe(1);
    lab.steps.forEach((s, i) => expect(fresh.out).toMatch(new RegExp(`^✗ step ${i + 1} ${s.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+\n    hint: .+`, 'm')));

    const env = harnessEnv(t);
    for (const [i, step] of lab.steps.entries()) {
      const file = `${id}/${step.text}`;
      await timer.phase('blocks', () => runBlocks(shellBlocks(fs.readFileSync(path.join(lab.dir, step.text), 'utf8'), file), { cwd: workspace(lab), env, file, solution: step.solution.map((f) => path.join(lab.dir, f)) }));
      const solved = await timer.phase('solve', () => kitLab(t, ['solve', id, '--step', step.id]));
      expect(solved.code, solved.out).toBe(0);
      expect(solved.out).toMatch(new RegExp(`^step ${i + 1}: \\S+ (created|configured)`, 'm'));
      // The written solution comes first (what to change and why), then what was applied.
      const heading = solved.out.indexOf(`## Solution to step ${i + 1}: ${step.title}\n`);
      expect(heading, solved.out).toBeGreaterThan(0);
      expect(solved.out.indexOf('**Why this works.**', heading)).toBeGreaterThan(heading);
      expect(solved.out.search(new RegExp(`^step ${i + 1}: `, 'm'))).toBeGreaterThan(heading);
      // Jobs take (virtual) time: poll the learner's own check until this step passes.
      await timer.phase('check', () => until(`step ${step.id} of ${id} to pass`, async () => (await kitLab(t, ['check', id])).out.includes(`✓ step ${i + 1} ${step.title}`), 120_000));
    }
    const timing = timer.done();
    timings.push(timing);
    // Machine time, not learner minutes: a lab whose own commands got slow fails here, by name.
    expect(timing.total, `lab ${id}: the harness run (start + text blocks + solve + check) took ${(timing.total / 1000).toFixed(1)} s, over the ${LabMachineBudgetMs / 1000} s budget`).toBeLessThanOrEqual(LabMachineBudgetMs);

    const done = await kitLab(t, ['check', id]);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain(lab.steps.map((s, i) => `✓ step ${i + 1} ${s.title}`).join('\n'));
    expect(done.out).toContain(`all ${lab.steps.length} steps pass: lab ${id} is done`);
    expect((await kitLab(t, ['list'])).out).toMatch(new RegExp(`${id} .*passed`));

    const labelled = async () => (await t.kubectl(['get', 'pods,jobs,cronjobs,configmaps,namespaces', '-A', '-l', `kit.dev/lab=${id}`, '-o', 'name'])).stdout;
    expect(await labelled()).toContain(`namespace/lab-${id}`);
    const reset = await kitLab(t, ['reset', id]);
    expect(reset.code, reset.out).toBe(0);
    expect(reset.out).toMatch(new RegExp(`lab ${id} reset: deleted \\d+ labelled objects? \\(kit.dev/lab=${id}\\)`));
    expect(await labelled()).toBe('');
    expect((await kitLab(t, ['reset', id])).out).toContain(`lab ${id}: nothing labelled kit.dev/lab=${id}; already clean`);
  });
});

describe('kit lab: mistakes and clusters', () => {
  it('says how to start the cluster when it is not running', async () => {
    const home = tempHome('kit-lab-down-');
    // A kubeconfig for a cluster that is gone: the learner stopped it.
    fs.writeFileSync(path.join(home, 'kubeconfig'), fs.readFileSync(t.kubeconfig, 'utf8').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'));
    const r = await kitLab({ home }, ['check', '00-first-lab']);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toBe('kit: the cluster at https://127.0.0.1:1 is not running. Start it with `npx kit start` (everything) or `npx kit cluster start --detach` (the cluster only), then run this again.');
  });

  it('refuses a cluster that is not the embedded one unless KIT_ALLOW_REAL_CLUSTER=1', async () => {
    const other = path.join(t.home, 'other-kubeconfig');
    fs.writeFileSync(other, fs.readFileSync(t.kubeconfig, 'utf8').replace(/127\.0\.0\.1/, 'localhost'));
    const r = await kitAsync(['lab', 'start', '00-first-lab'], { ...labEnv(t), KUBECONFIG: other });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kit: refusing to use a cluster that is not the kit's embedded one/);
    const ok = await kitAsync(['lab', 'reset', '00-first-lab'], { ...labEnv(t), KUBECONFIG: other, KIT_ALLOW_REAL_CLUSTER: '1' });
    expect(ok.stdout).toMatch(/^cluster: REAL cluster \(context kit, https:\/\/localhost:\d+/);
  });

  it('solve --no-apply prints the written solution, manifest embedded, and leaves the cluster alone', async () => {
    const r = await kitLab(t, ['solve', '01-fix-broken-job', '--no-apply']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^## Solution to step 1: Make pi-fixed Complete and print pi\n\nTwo lines change/);
    expect(r.out).toContain('```yaml\n# solution/job.yaml\napiVersion: batch/v1\nkind: Job\n');
    expect(r.out).toContain('`failed > backoffLimit`');
    expect(r.out).not.toContain('cluster:');
    expect((await t.kubectl(['get', 'namespace', 'lab-01-fix-broken-job', '--ignore-not-found', '-o', 'name'])).stdout).toBe('');
    const wrong = await kitLab(t, ['solve', '01-fix-broken-job', '--no-apply', '--step', 'nope']);
    expect(wrong.out.trim()).toBe('kit: lab 01-fix-broken-job has no step "nope". Steps: 1 (fix).');
  });

  it('names the labs when the id is wrong, and checking an unstarted lab says to start it', async () => {
    const wrong = await kitLab(t, ['check', '99']);
    expect(wrong.code).toBe(2);
    expect(wrong.out).toMatch(/^kit: no lab "99"\. Run `kit lab list` to see the labs \(00-first-lab/);
    const unstarted = await kitLab(t, ['check', '00-first-lab']);
    expect(unstarted.out.trim()).toBe('kit: lab 00-first-lab is not started (no namespace lab-00-first-lab). Run `kit lab start 00-first-lab` first.');
  });
});
