/**
 * Seed 002's closing question, measured: one Job per work item, or one Job for all items?
 * Both run the same items (each `sleep` seconds) on the same lab cluster.
 */
import type { LabCluster } from './lab-cluster';
import { deleteJob } from './run-job';
import { waitFor, hasCondition } from '../kube/objects';

export interface LayoutResult {
  layout: string;
  jobs: number;
  pods: number;
  /** Event objects recorded while it ran (controllers, scheduler, kubelet). */
  events: number;
  /** Virtual seconds from the first create to the last Job's Complete. */
  seconds: number;
}

function itemJob(name: string, sleep: number, completions: number, parallelism: number, label: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  labels: {layout: ${label}}
spec:
  completions: ${completions}
  parallelism: ${parallelism}
  template:
    metadata:
      labels: {layout: ${label}}
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox
        command: ["sh", "-c", "sleep ${sleep}"]
`;
}

async function measure(lab: LabCluster, layout: string, label: string, jobs: Array<{ name: string; yaml: string }>): Promise<LayoutResult> {
  for (const j of jobs) await deleteJob(lab, j.name);
  const eventsBefore = lab.list('Event').length;
  const start = lab.now();
  await Promise.all(jobs.map((j) => lab.apply(j.yaml)));
  await Promise.all(jobs.map((j) => waitFor(lab.client, { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', name: j.name, namespace: 'default' }, (o) => hasCondition(o, 'Complete'), 120_000)));
  const end = Math.max(...jobs.map((j) => {
    const conds = (lab.cluster.api.get('Job', 'default', j.name).status as { conditions: Array<{ type: string; lastTransitionTime: string }> }).conditions;
    return Date.parse(conds.find((c) => c.type === 'Complete')!.lastTransitionTime);
  }));
  return {
    layout,
    jobs: jobs.length,
    pods: lab.list('Pod', `layout=${label}`).length,
    events: lab.list('Event').length - eventsBefore,
    // Timestamps have whole seconds; the start is the exact virtual now.
    seconds: Math.max(0, Math.round((end - start) / 1000)),
  };
}

/**
 * Runs `items` work items as `items` Jobs of one pod each, then as one Job with completions =
 * items for each given parallelism (default: items). Returns one row per layout.
 */
export async function compareJobLayouts(lab: LabCluster, opts: { items?: number; parallelism?: number | number[]; sleep?: number } = {}): Promise<LayoutResult[]> {
  const items = opts.items ?? 8;
  const parallelisms = [opts.parallelism ?? items].flat();
  const sleep = opts.sleep ?? 5;
  const perItem = Array.from({ length: items }, (_, i) => ({ name: `item-${i}`, yaml: itemJob(`item-${i}`, sleep, 1, 1, 'per-item') }));
  const rows = [await measure(lab, 'one Job per item', 'per-item', perItem)];
  for (const p of parallelisms) {
    const name = `all-items-p${p}`;
    rows.push(await measure(lab, `one Job for all items (parallelism ${p})`, name, [{ name, yaml: itemJob(name, sleep, items, p, name) }]));
  }
  return rows;
}
