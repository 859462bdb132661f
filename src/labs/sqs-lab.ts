/**
 * Labs on the embedded SQS endpoint. A lab with `"sqs": "<file>"` in index.json declares its
 * queues, DLQs, latency and faults in that file (the `kit sqs start --config` format). `kit lab
 * start` runs the lab's own endpoint in the background (latency is endpoint-wide, so labs do not
 * share one) and applies the queues; running it again reuses the endpoint and applies the file
 * again. When the file is also a starter file, the learner's copy in the workspace is the one
 * applied, so editing it (a redrive policy) and starting again changes the queues.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DeleteQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { UserError } from '../cli/errors';
import { kitHome, kitRoot } from '../env/paths';
import { sqsClient } from '../sqs/client';
import { applyDeclaredQueues, loadSqsConfig, type SqsConfig } from '../sqs/endpoint';
import type { Lab } from './format';
import { processAlive } from '../env/process';

interface EndpointInfo {
  pid: number;
  url: string;
}

function infoFile(lab: Lab): string {
  return path.join(kitHome(), 'labs', `${lab.id}.sqs.json`);
}

/** The lab's running endpoint, if any (a stale info file from a killed process counts as none). */
export function labEndpoint(lab: Lab): EndpointInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(infoFile(lab), 'utf8')) as EndpointInfo;
    return processAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** The config file in force: the learner's workspace copy when it is a starter file, else the lab's. */
export function labSqsConfigFile(lab: Lab, workspace: string): string {
  const rel = lab.sqs!;
  const mine = path.join(workspace, path.basename(rel));
  return lab.starter.includes(rel) && fs.existsSync(mine) ? mine : path.join(lab.dir, rel);
}

export function labSqsConfig(lab: Lab, workspace: string): SqsConfig {
  return loadSqsConfig(labSqsConfigFile(lab, workspace));
}

/** Starts the lab's endpoint unless it runs already; returns it and whether it was started now. */
export async function ensureLabEndpoint(lab: Lab, workspace: string): Promise<EndpointInfo & { started: boolean }> {
  const running = labEndpoint(lab);
  // The pid alone can lie (reused after a reboot): the endpoint must also answer.
  if (running && (await answers(running.url))) return { ...running, started: false };
  const file = infoFile(lab);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  const log = path.join(kitHome(), 'labs', `${lab.id}.sqs.log`);
  const out = fs.openSync(log, 'w');
  const main = path.join(kitRoot, 'dist', 'labs', 'sqs-endpoint-main.js');
  const child = spawn(process.execPath, [main, file, labSqsConfigFile(lab, workspace)], { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const info = labEndpoint(lab);
    if (info && info.pid === child.pid) {
      child.unref();
      return { ...info, started: true };
    }
    if (exited !== undefined) throw new UserError(`the lab's SQS endpoint did not start: ${fs.readFileSync(log, 'utf8').trim()}`, { hint: `Fix the file named above, then run \`kit lab start ${lab.id}\` again.` });
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new UserError(`the lab's SQS endpoint did not start within 30 s`, { hint: `See ${log}.` });
}

/** Creates or updates the lab's declared queues; returns their names. */
export async function applyLabQueues(lab: Lab, workspace: string, url: string): Promise<string[]> {
  const config = labSqsConfig(lab, workspace);
  const client = sqsClient({ endpoint: url, maxAttempts: 2, maxSockets: 2 });
  try {
    await applyDeclaredQueues(client, config.queues);
  } finally {
    client.destroy();
  }
  return config.queues.map((q) => q.name + (q.dlq ? ` (DLQ ${q.dlq} after ${q.maxReceiveCount ?? 5} receives)` : ''));
}

/** The endpoint a check talks to; a UserError naming the fix when the lab was not started. */
export function requireLabEndpoint(lab: Lab): string {
  const info = labEndpoint(lab);
  if (!info) throw new UserError(`lab ${lab.id} is not started (its SQS endpoint is not running)`, { hint: `Run \`kit lab start ${lab.id}\` first.` });
  return info.url;
}

/** Deletes every queue at the lab's endpoint (all of them are the lab's) and stops it. */
export async function stopLabEndpoint(lab: Lab): Promise<string[]> {
  const info = labEndpoint(lab);
  fs.rmSync(infoFile(lab), { force: true });
  fs.rmSync(path.join(kitHome(), 'labs', `${lab.id}.sqs.log`), { force: true });
  if (!info) return [];
  // Never signal a pid that is not our endpoint any more (reused after a reboot).
  if (!(await answers(info.url))) return [];
  const client = sqsClient({ endpoint: info.url, maxAttempts: 1, maxSockets: 2 });
  const deleted: string[] = [];
  try {
    for (const url of (await client.send(new ListQueuesCommand({}))).QueueUrls ?? []) {
      await client.send(new DeleteQueueCommand({ QueueUrl: url }));
      deleted.push(url.slice(url.lastIndexOf('/') + 1));
    }
  } finally {
    client.destroy();
  }
  process.kill(info.pid, 'SIGTERM');
  const end = Date.now() + 10_000;
  while (processAlive(info.pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(info.pid)) process.kill(info.pid, 'SIGKILL');
  return [`${deleted.length ? `deleted queue${deleted.length === 1 ? '' : 's'} ${deleted.sort().join(', ')}; ` : ''}stopped the lab's SQS endpoint ${info.url} (pid ${info.pid})`];
}
