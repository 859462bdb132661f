/**
 * An embedded cluster inside the notebook's kernel: its own memory store, a free port, a
 * kubeconfig in a temporary folder and a fast virtual clock, so a 40 s Job backoff takes about a
 * second and nothing is left behind when the kernel stops.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedCluster } from '../cluster/cluster';
import type { KubeObject } from '../cluster/store';
import { connect, formatTarget, type KubeClient } from '../kube/client';
import { apply, type Manifest } from '../kube/objects';

export interface LabClusterOptions {
  /** Virtual seconds per real second (default 30). */
  speed?: number;
  /** Simulated nodes (default 3). */
  nodes?: number;
}

export interface LabCluster {
  cluster: EmbeddedCluster;
  /** A client-node connection through the HTTPS API, as kubectl would use. */
  client: KubeClient;
  /** "cluster: embedded kit cluster (…), in this kernel, virtual clock 30×" */
  target: string;
  /** For `kubectl --kubeconfig …` in a shell. */
  kubeconfig: string;
  /** Virtual time now, epoch ms. */
  now(): number;
  /** Creates or patches objects (YAML text or objects), in namespace default. */
  apply(manifests: string | Manifest | Manifest[]): Promise<string[]>;
  /** Objects of a kind in namespace default, read from the cluster's store (no HTTP round trip). */
  list(kind: string, labelSelector?: string): KubeObject[];
  /**
   * Deletes one object in namespace default with its dependents (background propagation) and, as
   * `kubectl delete` does, waits until it is gone (a pod is Terminating until the kubelet stopped it);
   * no-op if absent.
   */
  remove(kind: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a memory-only embedded cluster (scheduler and kubelet included), serves it and connects. */
export async function startLabCluster(opts: LabClusterOptions = {}): Promise<LabCluster> {
  const speed = opts.speed ?? 30;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-notebook-'));
  // No `home`: a memory-only store (no disk log to sync), since a notebook's cluster lives and dies with the kernel.
  const cluster = await EmbeddedCluster.start({ speed, nodes: { count: opts.nodes ?? 3 } });
  const kubeconfig = path.join(dir, 'kubeconfig');
  await cluster.serve({ port: 0, kubeconfig });
  // Our own temporary kubeconfig, so connect() cannot tell it is embedded: we know it is.
  const client = await connect({ kubeconfig, allowReal: true });
  client.target = { ...client.target, embedded: true };
  const target = `${formatTarget(client.target)}, in this kernel, virtual clock ${speed}×`;
  return {
    cluster,
    client,
    target,
    kubeconfig,
    now: () => cluster.clock.now(),
    apply: async (m) => (await apply(client, m)).map((r) => `${r.ref} ${r.action}`),
    list: (kind, labelSelector) => cluster.api.list(kind, { namespace: 'default', labelSelector }).items,
    remove: async (kind, name) => {
      const cur = cluster.api.tryGet(kind, 'default', name);
      if (!cur) return;
      const gone = deletion(cluster, kind, name, cur.metadata.uid);
      await cluster.api.delete(kind, 'default', name, { propagationPolicy: 'Background' });
      await gone;
    },
    stop: async () => {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the object with this uid is deleted; rejects after 30 real seconds. */
function deletion(cluster: EmbeddedCluster, kind: string, name: string, uid: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      w.stop();
      reject(new Error(`${kind} ${name} is still there 30 s after it was deleted (a finalizer nobody removes?)`));
    }, 30_000);
    const w = cluster.api.watch(kind, { namespace: 'default', fieldSelector: `metadata.name=${name}`, resourceVersion: cluster.api.store.resourceVersion }, (e) => {
      if (e.type !== 'DELETED' || e.object.metadata.uid !== uid) return;
      clearTimeout(timer);
      w.stop();
      resolve();
    });
  });
}
