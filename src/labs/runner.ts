/**
 * What `kit lab start | check | solve | reset` do, as functions that return the lines to print
 * (the CLI prints them; tests assert on them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/errors';
import { kitHome } from '../env/paths';
import { writeFileAtomic } from '../cluster/store/durable-log';
import { connect, apply, describeTarget, parseManifests, type KubeClient, type Manifest } from '../kube';
import { LabLabel, labNamespace, type Lab, type LabStep } from './format';
import { runCheck, type CheckContext, type CheckResult } from './checks';
import { renderText } from './markdown';
import { applyLabQueues, ensureLabEndpoint, requireLabEndpoint, stopLabEndpoint } from './sqs-lab';
import { clientNode } from '../kube/load';
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

/** Kinds a lab may create; reset deletes the labelled ones of each. */
export const LabKinds: Array<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
];

/** The learner's copy of the starter files and the rendered text: <kitHome>/labs/<id>/. */
export function workspace(lab: Lab): string {
  return path.join(kitHome(), 'labs', lab.id);
}

export type LabStatus = 'not started' | 'started' | 'passed';

function statusFile(id: string): string {
  return path.join(kitHome(), 'labs', `${id}.status.json`);
}

export function labStatus(id: string): LabStatus {
  try {
    return (JSON.parse(fs.readFileSync(statusFile(id), 'utf8')) as { status: LabStatus }).status;
  } catch {
    return 'not started';
  }
}

function setStatus(id: string, status: LabStatus | undefined): void {
  const f = statusFile(id);
  if (status === undefined) return fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(f), { recursive: true });
  writeFileAtomic(f, JSON.stringify({ status, at: new Date().toISOString() }) + '\n');
}

function isConnectionError(e: unknown): boolean {
  if (typeof (e as { code?: unknown }).code === 'number') return false; // an HTTP answer
  const text = `${(e as Error).message ?? ''} ${String((e as { cause?: { code?: string } }).cause?.code ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|fetch failed|socket hang up/i.test(text);
}

/** Connects (refusing real clusters unless allowed) and checks the API answers. */
export async function connectLab(): Promise<KubeClient> {
  const client = await connect();
  try {
    await (client.objects as k8s.KubernetesObjectApi).read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  } catch (e) {
    if (!isConnectionError(e)) throw e;
    throw new UserError(`the cluster at ${client.target.server} is not running`, {
      hint: client.target.embedded
        ? 'Start it with `npx kit start` (everything) or `npx kit cluster start --detach` (the cluster only), then run this again.'
        : 'Check the context with `kubectl cluster-info`.',
    });
  }
  return client;
}

/** Adds the lab label (also on pod templates, so the pods carry it) and the lab namespace. */
export function labelled(m: Manifest, lab: Lab): Manifest {
  const out = JSON.parse(JSON.stringify(m)) as Manifest;
  out.metadata.labels = { ...(out.metadata.labels ?? {}), [LabLabel]: lab.id };
  out.metadata.namespace = labNamespace(lab.id);
  const spec = out.spec as { template?: { metadata?: { labels?: Record<string, string> } }; jobTemplate?: { metadata?: { labels?: Record<string, string> }; spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } } | undefined;
  const addTo = (t?: { metadata?: { labels?: Record<string, string> } }) => {
    if (!t) return;
    t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), [LabLabel]: lab.id } };
  };
  addTo(spec?.template);
  addTo(spec?.jobTemplate);
  addTo(spec?.jobTemplate?.spec?.template);
  return out;
}

/** A cluster lab needs the client; an SQS lab runs without the cluster. */
function kube(lab: Lab, client: KubeClient | undefined): KubeClient {
  if (!client) throw new Error(`lab ${lab.id} runs on the cluster: connect first (connectLab)`);
  return client;
}

/** Copies the starter files the workspace lacks (the learner's edits survive a second start). */
function copyStarter(lab: Lab, ws: string): string[] {
  fs.mkdirSync(ws, { recursive: true });
  const copied: string[] = [];
  for (const f of lab.starter) {
    const dest = path.join(ws, path.basename(f));
    if (!fs.existsSync(dest)) {
      fs.copyFileSync(path.join(lab.dir, f), dest);
      copied.push(path.basename(f));
    }
  }
  return copied;
}

function writeLabText(lab: Lab, ws: string): void {
  const text = [`# ${lab.title}`, '', lab.description, '', ...lab.steps.map((s, i) => `## Step ${i + 1}: ${s.title}\n\n${renderText(fs.readFileSync(path.join(lab.dir, s.text), 'utf8'), lab.dir, `${lab.id}/${s.text}`)}`)].join('\n');
  writeFileAtomic(path.join(ws, 'LAB.md'), text);
}

/** An SQS lab: its own endpoint (started once), the starter files, the queues from its config. */
async function startSqsLab(lab: Lab): Promise<string[]> {
  const ws = workspace(lab);
  const copied = copyStarter(lab, ws);
  const ep = await ensureLabEndpoint(lab, ws);
  const queues = await applyLabQueues(lab, ws, ep.url);
  writeLabText(lab, ws);
  if (labStatus(lab.id) === 'not started') setStatus(lab.id, 'started');
  return [
    `sqs: the lab's endpoint ${ep.url} (${ep.started ? 'started' : 'already running'}, pid ${ep.pid})`,
    `lab ${lab.id}: ${lab.title} (about ${lab.minutes} min)`,
    `queues: ${queues.join(', ')}`,
    `workspace: ${ws}${copied.length ? ` (starter files: ${copied.join(', ')})` : ''}`,
    `read:      ${path.join(ws, 'LAB.md')}`,
    `then:      cd ${ws} && export KIT_SQS_ENDPOINT=${ep.url}`,
    `check with: kit lab check ${lab.id}`,
  ];
}

/** Creates the lab namespace (idempotent), copies the starter files and writes the rendered text. */
export async function startLab(lab: Lab, kubeClient: KubeClient | undefined): Promise<string[]> {
  if (lab.sqs) return startSqsLab(lab);
  const client = kube(lab, kubeClient);
  const ns = labNamespace(lab.id);
  await apply(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { [LabLabel]: lab.id } } });
  const ws = workspace(lab);
  const copied = copyStarter(lab, ws);
  writeLabText(lab, ws);
  if (labStatus(lab.id) === 'not started') setStatus(lab.id, 'started');
  const kubeconfig = client.target.kubeconfig;
  return [
    describeTarget(client),
    `lab ${lab.id}: ${lab.title} (about ${lab.minutes} min)`,
    `namespace: ${ns} (labelled ${LabLabel}=${lab.id})`,
    `workspace: ${ws}${copied.length ? ` (starter files: ${copied.join(', ')})` : ''}`,
    `read:      ${path.join(ws, 'LAB.md')}`,
    `then:      cd ${ws} && export KUBECONFIG=${kubeconfig}`,
    `check with: kit lab check ${lab.id}`,
  ];
}

export interface StepResult {
  step: LabStep;
  result: CheckResult;
}

async function namespaceExists(client: KubeClient, ns: string): Promise<boolean> {
  try {
    await (client.objects as k8s.KubernetesObjectApi).read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

/** Runs every step's check; `lines` are ✓/✗ per step, with the reason and hint under each ✗. */
export async function checkLab(lab: Lab, kubeClient: KubeClient | undefined): Promise<{ ok: boolean; results: StepResult[]; lines: string[] }> {
  const ns = labNamespace(lab.id);
  let ctx: CheckContext;
  const lines: string[] = [];
  if (lab.sqs) {
    const endpoint = requireLabEndpoint(lab);
    // The learner's queue config is part of what is checked: apply it as it is now.
    await applyLabQueues(lab, workspace(lab), endpoint);
    ctx = { namespace: ns, sqs: { endpoint, workspace: workspace(lab) } };
    lines.push(`sqs: the lab's endpoint ${endpoint}`);
  } else {
    const client = kube(lab, kubeClient);
    lines.push(describeTarget(client));
    if (!(await namespaceExists(client, ns))) {
      throw new UserError(`lab ${lab.id} is not started (no namespace ${ns})`, { hint: `Run \`kit lab start ${lab.id}\` first.` });
    }
    ctx = { client, namespace: ns };
  }
  const results: StepResult[] = [];
  for (const [i, step] of lab.steps.entries()) {
    const result = await runCheck(ctx, step.check);
    results.push({ step, result });
    lines.push(result.ok ? `✓ step ${i + 1} ${step.title}` : `✗ step ${i + 1} ${step.title}: ${result.reason}`);
    if (!result.ok && result.hint) lines.push(`    hint: ${result.hint}`);
  }
  const ok = results.every((r) => r.result.ok);
  lines.push(ok ? `all ${results.length} steps pass: lab ${lab.id} is done` : `${results.filter((r) => !r.result.ok).length} of ${results.length} steps still to do`);
  if (ok) setStatus(lab.id, 'passed');
  return { ok, results, lines };
}

/** The steps `--step` names (its number or id), or all of them. */
function selectSteps(lab: Lab, stepId?: string): LabStep[] {
  const steps = stepId === undefined ? lab.steps : lab.steps.filter((s) => s.id === stepId || String(lab.steps.indexOf(s) + 1) === stepId);
  if (!steps.length) throw new UserError(`lab ${lab.id} has no step "${stepId}"`, { hint: `Steps: ${lab.steps.map((s, i) => `${i + 1} (${s.id})`).join(', ')}.` });
  return steps;
}

/** A step's written solution (what to change and why it works), embeds filled in, under a heading. */
export function solutionText(lab: Lab, step: LabStep): string {
  const md = renderText(fs.readFileSync(path.join(lab.dir, step.solutionText), 'utf8'), lab.dir, `${lab.id}/${step.solutionText}`);
  return `## Solution to step ${lab.steps.indexOf(step) + 1}: ${step.title}\n\n${md.trimEnd()}\n`;
}

/** The written solutions of one step (or all), without touching the cluster (`kit lab solve --no-apply`). */
export function solutionTexts(lab: Lab, stepId?: string): string[] {
  return selectSteps(lab, stepId).map((s) => solutionText(lab, s));
}

/** An SQS lab's solution: files copied over the learner's in the workspace (settings, code, queues). */
async function solveSqsLab(lab: Lab, stepId?: string): Promise<string[]> {
  const steps = selectSteps(lab, stepId);
  const ws = workspace(lab);
  const lines = await startSqsLab(lab).then((l) => l.slice(0, 1));
  for (const step of steps) {
    lines.push('', solutionText(lab, step));
    for (const f of step.solution) {
      fs.copyFileSync(path.join(lab.dir, f), path.join(ws, path.basename(f)));
      lines.push(`step ${lab.steps.indexOf(step) + 1}: ${path.basename(f)} replaced (from ${f})`);
    }
  }
  return lines;
}

/** Prints each step's written solution, then applies its manifests, labelled, into the lab namespace. */
export async function solveLab(lab: Lab, kubeClient: KubeClient | undefined, stepId?: string): Promise<string[]> {
  if (lab.sqs) return solveSqsLab(lab, stepId);
  const client = kube(lab, kubeClient);
  const ns = labNamespace(lab.id);
  const steps = selectSteps(lab, stepId);
  if (!(await namespaceExists(client, ns))) await startLab(lab, client);
  const lines = [describeTarget(client)];
  const api = client.objects as k8s.KubernetesObjectApi;
  for (const step of steps) {
    lines.push('', solutionText(lab, step));
    for (const f of step.solution) {
      const manifests = parseManifests(fs.readFileSync(path.join(lab.dir, f), 'utf8'), `${lab.id}/${f}`).map((m) => labelled(m, lab));
      for (const m of manifests) {
        // Job specs are immutable (pod template, completions), and a CronJob's old Jobs would stay:
        // replace the learner's object (Foreground: its Jobs and pods go first).
        if ((m.kind === 'Job' || m.kind === 'CronJob') && m.metadata.name) {
          try {
            await api.delete({ apiVersion: m.apiVersion, kind: m.kind, metadata: { name: m.metadata.name, namespace: ns } }, undefined, undefined, undefined, undefined, 'Foreground');
            await waitGone(client, m.apiVersion, m.kind, ns, m.metadata.name);
          } catch (e) {
            if ((e as { code?: number }).code !== 404) throw e;
          }
        }
        for (const r of await apply(client, m, ns)) lines.push(`step ${lab.steps.indexOf(step) + 1}: ${r.ref} ${r.action} (from ${f})`);
      }
    }
  }
  return lines;
}

async function waitGone(client: KubeClient, apiVersion: string, kind: string, namespace: string | undefined, name: string, ms = 30_000): Promise<void> {
  const api = client.objects as k8s.KubernetesObjectApi;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await api.read({ apiVersion, kind, metadata: { name, namespace } });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UserError(`${kind} ${name} was still there after ${ms / 1000}s`, { hint: 'Run the command again; if it persists, `kit cluster reset`.' });
}

/** Everything labelled kit.dev/lab=<id>, as "kind/name" (namespace-qualified). */
export async function labelledObjects(lab: Lab, client: KubeClient): Promise<string[]> {
  const api = client.objects as k8s.KubernetesObjectApi;
  const sel = `${LabLabel}=${lab.id}`;
  const out: string[] = [];
  for (const k of LabKinds) {
    for (const o of (await api.list(k.apiVersion, k.kind, undefined, undefined, undefined, undefined, undefined, sel)).items) out.push(`${k.kind.toLowerCase()}/${o.metadata?.name} -n ${o.metadata?.namespace}`);
  }
  for (const o of (await api.list('v1', 'Namespace', undefined, undefined, undefined, undefined, undefined, sel)).items) out.push(`namespace/${o.metadata?.name}`);
  return out;
}

/** An SQS lab: its queues and endpoint, the workspace and the status; running it twice is fine. */
async function resetSqsLab(lab: Lab): Promise<string[]> {
  const stopped = await stopLabEndpoint(lab);
  const hadWorkspace = fs.existsSync(workspace(lab));
  fs.rmSync(workspace(lab), { recursive: true, force: true });
  setStatus(lab.id, undefined);
  if (!stopped.length && !hadWorkspace) return [`lab ${lab.id}: no endpoint running and no workspace; already clean`];
  return [`lab ${lab.id} reset: ${stopped.length ? stopped.join('; ') : 'no endpoint was running'}; workspace removed`];
}

/** Deletes exactly what carries the lab label (and the workspace); running it twice is fine. */
export async function resetLab(lab: Lab, kubeClient: KubeClient | undefined): Promise<string[]> {
  if (lab.sqs) return resetSqsLab(lab);
  const client = kube(lab, kubeClient);
  const api = client.objects as k8s.KubernetesObjectApi;
  const sel = `${LabLabel}=${lab.id}`;
  const lines = [describeTarget(client)];
  const del = async (apiVersion: string, kind: string, name: string, namespace?: string): Promise<boolean> => {
    try {
      // Pods without grace (kubectl delete --grace-period=0): a reset should not wait out sleeps.
      await api.delete({ apiVersion, kind, metadata: { name, namespace } }, undefined, undefined, kind === 'Pod' ? 0 : undefined, undefined, 'Background');
      return true;
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
      return false;
    }
  };
  const deleted = new Set<string>();
  // Owners first (CronJob → Job → Pod); repeat, because a controller may create a pod between
  // our list and its owner's deletion (job_controller.go syncs before the garbage collector runs).
  const end = Date.now() + 60_000;
  for (;;) {
    const found: string[] = [];
    for (const k of [...LabKinds, { apiVersion: 'v1', kind: 'Namespace' }]) {
      for (const o of (await api.list(k.apiVersion, k.kind, undefined, undefined, undefined, undefined, undefined, sel)).items) {
        found.push(`${k.kind.toLowerCase()}/${o.metadata?.name}`);
        const meta = o.metadata as { deletionTimestamp?: string; finalizers?: string[] };
        if (meta.deletionTimestamp) {
          // A pod of a deleted Job can keep the job-tracking finalizer (nobody left to remove
          // it); drop it as `kubectl patch --type=merge -p '{"metadata":{"finalizers":null}}'` would.
          if (k.kind === 'Pod' && meta.finalizers?.includes('batch.kubernetes.io/job-tracking')) {
            const lib = await clientNode();
            await api.patch({ apiVersion: 'v1', kind: 'Pod', metadata: { name: o.metadata?.name, namespace: o.metadata?.namespace, finalizers: null } } as unknown as k8s.KubernetesObject, undefined, undefined, 'kit', undefined, lib.PatchStrategy.MergePatch).catch((e: unknown) => {
              if ((e as { code?: number }).code !== 404) throw e;
            });
          }
          continue;
        }
        if (await del(k.apiVersion, k.kind, o.metadata?.name ?? '', o.metadata?.namespace)) deleted.add(`${k.kind}/${o.metadata?.namespace}/${o.metadata?.name}`);
      }
    }
    if (found.length === 0) break;
    if (Date.now() > end) throw new UserError(`lab ${lab.id}: objects labelled ${sel} were still there after 60s (${found.join(', ')})`, { hint: `Run \`kit lab reset ${lab.id}\` again; \`kubectl get all -A -l ${sel}\` shows them.` });
    await new Promise((r) => setTimeout(r, 200));
  }
  fs.rmSync(workspace(lab), { recursive: true, force: true });
  setStatus(lab.id, undefined);
  const n = deleted.size;
  lines.push(n ? `lab ${lab.id} reset: deleted ${n} labelled object${n === 1 ? '' : 's'} (${sel}) and the workspace` : `lab ${lab.id}: nothing labelled ${sel}; already clean`);
  return lines;
}
