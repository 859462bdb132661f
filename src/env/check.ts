import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelInstalled, kernelSpecDir } from '../jupyter/kernel';
import { detectJupyter } from '../jupyter/install';
import { runningInstance } from '../start/instance';
import { kitHome } from './paths';

export type CheckStatus = 'ready' | 'missing' | 'optional';

/** One line of the readiness report: what, whether it is ready, and the fix when it is not. */
export interface Check {
  item: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

function nodeCheck(): Check {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return ok
    ? { item: 'Node.js', status: 'ready', detail: `v${process.versions.node}` }
    : { item: 'Node.js', status: 'missing', detail: `v${process.versions.node} is too old`, fix: 'Install Node 20.19+ (22 or 24 recommended), then `npm install`.' };
}

function jupyterCheck(): Check {
  const j = detectJupyter();
  return j
    ? { item: 'Jupyter', status: 'ready', detail: `${j.app === 'jupyterlab' ? 'JupyterLab' : 'Notebook'} ${j.version}` }
    : { item: 'Jupyter', status: 'missing', detail: 'neither JupyterLab nor Notebook found', fix: 'Run `npm start` as root on Debian/Ubuntu (it installs them), or `pip install jupyterlab`.' };
}

function kernelCheck(): Check {
  return kernelInstalled()
    ? { item: 'kit kernel', status: 'ready', detail: `TypeScript (cloud-study-kit) in ${kernelSpecDir()}` }
    : { item: 'kit kernel', status: 'missing', detail: 'not registered with Jupyter', fix: 'Run `npx kit kernel` (npm start does it too).' };
}

function servicesChecks(): Check[] {
  const inst = runningInstance();
  if (!inst) return [{ item: 'embedded services', status: 'missing', detail: '`kit start` is not running', fix: 'Run `npm start` in a terminal (it starts the embedded services and Jupyter).' }];
  if (inst.services.length === 0) return [{ item: 'embedded services', status: 'ready', detail: `kit start is running (pid ${inst.pid}); no services configured` }];
  return inst.services.map((s) => ({ item: `embedded ${s.name}`, status: 'ready' as const, detail: [s.url, ...s.details.slice(0, 1)].join('; ') }));
}

function kubeconfigCheck(): Check {
  const env = process.env.KUBECONFIG;
  const file = env?.split(path.delimiter)[0] || path.join(os.homedir(), '.kube', 'config');
  if (fs.existsSync(file)) return { item: 'real cluster (KUBECONFIG)', status: 'ready', detail: `${file} (labs use it only with KIT_ALLOW_REAL_CLUSTER=1)` };
  return { item: 'real cluster (KUBECONFIG)', status: 'optional', detail: 'none; the labs use the embedded cluster', fix: 'Optional: point KUBECONFIG at kind/minikube/EKS and set KIT_ALLOW_REAL_CLUSTER=1.' };
}

function awsCheck(): Check {
  const env = process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
  if (env || fs.existsSync(file)) return { item: 'AWS credentials', status: 'ready', detail: env ? 'from the environment' : file };
  return { item: 'AWS credentials', status: 'optional', detail: 'none; SQS labs use the embedded endpoint', fix: 'Optional: `aws configure` (or AWS_PROFILE) to run the SQS labs against real AWS with --aws.' };
}

function stateCheck(): Check {
  const home = kitHome();
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
    return { item: 'state folder', status: 'ready', detail: home };
  } catch {
    return { item: 'state folder', status: 'missing', detail: `${home} is not writable`, fix: 'Fix its permissions, or set KIT_HOME to a folder you can write.' };
  }
}

/** What is ready and what is missing, with the fix for each: notebook 00 and `kit doctor` show this. */
export function readiness(): Check[] {
  return [nodeCheck(), stateCheck(), jupyterCheck(), kernelCheck(), ...servicesChecks(), kubeconfigCheck(), awsCheck()];
}
