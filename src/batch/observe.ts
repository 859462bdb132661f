/**
 * What a learner looks at between steps: pods as table rows (owner, phase, restarts, exit codes),
 * a CronJob's Jobs, and waiting a number of virtual seconds.
 */
import type { KubeObject } from '../cluster/store';
import type { LabCluster } from './lab-cluster';

export interface PodRow {
  pod: string;
  owner: string;
  phase: string;
  restarts: number;
  /** Exit code of the last run of each container ("0", "1,0"), or "" while none ended. */
  exitCodes: string;
}

type Status = { phase?: string; containerStatuses?: Array<{ restartCount?: number; state?: { terminated?: { exitCode: number } }; lastState?: { terminated?: { exitCode: number } } }> };

/** One row per pod in namespace default (optionally filtered by a label selector). */
export function podRows(lab: LabCluster, labelSelector?: string): PodRow[] {
  return lab.list('Pod', labelSelector).map(podRow);
}

/** A pod object as a row. */
export function podRow(p: KubeObject): PodRow {
  {
    const st = (p.status ?? {}) as Status;
    const cs = st.containerStatuses ?? [];
    const owner = p.metadata.ownerReferences?.find((o) => o.controller);
    return {
      pod: p.metadata.name ?? '',
      owner: owner ? `${owner.kind}/${owner.name}` : '(none)',
      phase: st.phase ?? 'Pending',
      restarts: cs.reduce((n, c) => n + (c.restartCount ?? 0), 0),
      exitCodes: cs.map((c) => c.state?.terminated?.exitCode ?? c.lastState?.terminated?.exitCode).filter((x) => x !== undefined).join(','),
    };
  }
}

/** How many pods of each owner run on each node: one row per node, one column per owner ("DaemonSet/ds"). */
export function nodePodCounts(pods: KubeObject[], nodes: string[]): Array<Record<string, string | number>> {
  const owners = [...new Set(pods.map((p) => podRow(p).owner))].sort();
  return nodes.map((node) => {
    const row: Record<string, string | number> = { node };
    for (const owner of owners) row[owner] = pods.filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === node && podRow(p).owner === owner).length;
    return row;
  });
}

/** The lab cluster's pods (not finished ones) counted per node and owner; see nodePodCounts. */
export function podsPerNode(lab: LabCluster): Array<Record<string, string | number>> {
  const live = lab.list('Pod').filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(String((p.status as Status | undefined)?.phase)));
  return nodePodCounts(live, lab.cluster.api.list('Node').items.map((n) => n.metadata.name ?? '').sort());
}

/** Waits `seconds` of the cluster's virtual time (30 s take one real second at 30×). */
export function waitVirtual(lab: LabCluster, seconds: number): Promise<void> {
  return lab.cluster.clock.sleep(seconds * 1000);
}

export interface CronRun {
  job: string;
  /** From the Job name: <cronjob>-<minutes since the epoch>. */
  minutesSinceEpoch: number;
  /** The batch.kubernetes.io/cronjob-scheduled-timestamp annotation. */
  scheduled: string;
  /** status.startTime: later than `scheduled` when the run waited (concurrencyPolicy Forbid). */
  started: string;
  /** Complete, Failed or Running. */
  state: string;
}

/** The Jobs a CronJob created, oldest first. */
export function cronRuns(lab: LabCluster, cronJob: string): CronRun[] {
  const jobs = lab.list('Job').filter((j) => j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === cronJob));
  return jobs
    .map((j: KubeObject) => {
      const conds = ((j.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []);
      const done = conds.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      return {
        job: j.metadata.name ?? '',
        minutesSinceEpoch: Number((j.metadata.name ?? '').slice(cronJob.length + 1)),
        scheduled: j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] ?? '',
        started: String((j.status as { startTime?: string } | undefined)?.startTime ?? ''),
        state: done?.type ?? 'Running',
      };
    })
    .sort((a, b) => a.minutesSinceEpoch - b.minutesSinceEpoch);
}

/** Events about one object, oldest first, as "Type Reason: message" lines (what kubectl describe lists). */
export function eventsFor(lab: LabCluster, kind: string, name: string): string[] {
  return lab.list('Event')
    .filter((e) => {
      const o = e.involvedObject as { kind?: string; name?: string };
      return o.kind === kind && o.name === name;
    })
    .sort((a, b) => String(a.lastTimestamp ?? a.metadata.creationTimestamp).localeCompare(String(b.lastTimestamp ?? b.metadata.creationTimestamp)))
    .map((e) => `${e.type} ${e.reason}: ${e.message}${Number(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`);
}
