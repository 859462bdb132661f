import { execFile } from 'node:child_process';
import path from 'node:path';
import { EmbeddedCluster, type ClusterOptions } from '../../src/cluster/cluster';
import { tempHome } from './helpers';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function kubectlWith(kubeconfig: string) {
  return (args: string[], input?: string): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
      });
      if (input !== undefined) child.stdin!.end(input);
    });
}

export interface TestCluster {
  cluster: EmbeddedCluster;
  home: string;
  kubeconfig: string;
  url: string;
  token: string;
  ca: string;
  kubectl: ReturnType<typeof kubectlWith>;
  stop(): Promise<void>;
}

/** An in-process cluster on a free port with a temporary KIT_HOME. */
export async function startTestCluster(opts: Omit<ClusterOptions, 'home'> = {}): Promise<TestCluster> {
  const home = tempHome('kit-e2e-');
  const cluster = await EmbeddedCluster.start({ home, ...opts });
  const kubeconfig = path.join(home, 'kubeconfig');
  const served = await cluster.serve({ port: 0, kubeconfig });
  return { cluster, home, kubeconfig, url: served.url, token: served.token, ca: served.ca, kubectl: kubectlWith(kubeconfig), stop: () => cluster.stop() };
}

/** Lines of a kubectl table, with runs of spaces collapsed, for stable comparisons. */
export function rows(text: string): string[] {
  return text.trim().split('\n').map((l) => l.trim().split(/\s{2,}/).join(' | '));
}

export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A CronJob `hello` that never fires on its own (1 January), for `kubectl create job --from=cronjob/hello`. */
export function helloCronJob(container: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "0 0 1 1 *"
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
          - ${container}
`;
}
