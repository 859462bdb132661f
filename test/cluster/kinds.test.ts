import { describe, expect, it } from 'vitest';
import { defaultKinds, humanDuration, podStatusReason } from '../../src/cluster/kinds';
import type { KubeObject } from '../../src/cluster/store';

const kinds = defaultKinds();
const T0 = Date.UTC(2024, 0, 1);
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' });

describe('kinds', () => {
  it('formats ages as kubectl does (duration.HumanDuration)', () => {
    expect([59_000, 119_000, 150_000, 600_000, 3 * 3600_000 + 60_000, 9 * 3600_000, 50 * 3600_000, 400 * 86400_000].map(humanDuration))
      .toEqual(['59s', '119s', '2m30s', '10m', '3h1m', '9h', '2d2h', '400d']);
  });

  it('prints pod STATUS from container states, RESTARTS with the last restart', () => {
    const pod: KubeObject = {
      metadata: meta('p'),
      spec: { containers: [{ name: 'c', image: 'x' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: '2024-01-01T00:01:00Z' } } }] },
    };
    expect(podStatusReason(pod)).toBe('CrashLoopBackOff');
    expect(kinds.must('Pod').row(pod, T0 + 90_000).slice(0, 5)).toEqual(['p', '0/1', 'CrashLoopBackOff', '3 (30s ago)', '90s']);
    expect(podStatusReason({ ...pod, status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 2 } } }] } })).toBe('ExitCode:2');
    expect(podStatusReason({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: 'x' } })).toBe('Terminating');
  });

  it('prints Job STATUS, COMPLETIONS and DURATION (kubectl 1.32 printJob)', () => {
    const job: KubeObject = {
      metadata: meta('pi'),
      spec: { completions: 5, parallelism: 2, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: { succeeded: 5, startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:00:42Z', conditions: [{ type: 'Complete', status: 'True' }] },
    };
    expect(kinds.must('Job').row(job, T0 + 150_000).slice(0, 5)).toEqual(['pi', 'Complete', '5/5', '42s', '2m30s']);
    const queue = { ...job, spec: { parallelism: 3 }, status: { succeeded: 1 } };
    expect(kinds.must('Job').row(queue, T0).slice(1, 4)).toEqual(['Running', '1/1 of 3', '']);
  });

  it('validates with upstream messages and field paths', () => {
    const job = kinds.must('Job');
    const bad: KubeObject = { metadata: { name: 'Bad_Name', uid: 'u1' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Always' } } } };
    job.defaults!(bad, { clock: { now: () => T0 } as never });
    expect(job.validate!(bad).map((e) => `${e.field}: ${e.detail}`)).toEqual([
      expect.stringMatching(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
    const dep = kinds.must('Deployment');
    const mismatch: KubeObject = { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    expect(dep.validate!(mismatch).map((e) => `${e.field}: ${e.detail}`)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`']);
    const cj = kinds.must('CronJob');
    expect(cj.validate!({ metadata: { name: 'c' }, spec: { schedule: '*/5 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Never' } } } } } }).map((e) => e.field)).toEqual(['spec.schedule']);
  });
});
