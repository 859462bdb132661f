/** The kubeconfig the cluster writes for kubectl and client-node: one cluster, one token user, context `kit`. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { writeFileAtomic } from '../store/durable-log';

export const ContextName = 'kit';

export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function kubeconfigYaml(server: string, token: string, caPem?: string): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kit', cluster: { server, ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}) } }],
    users: [{ name: 'kit-admin', user: { token } }],
    contexts: [{ name: ContextName, context: { cluster: 'kit', user: 'kit-admin', namespace: 'default' } }],
    'current-context': ContextName,
    preferences: {},
  });
}

/** Writes it atomically with mode 0600 (it holds the token). */
export function writeKubeconfig(file: string, server: string, token: string, caPem?: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, kubeconfigYaml(server, token, caPem));
  fs.chmodSync(file, 0o600);
}
