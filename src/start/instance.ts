import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../env/atomic';
import { kitHome } from '../env/paths';
import { processAlive } from '../env/process';

/** What a running `kit start` recorded about itself, so a second one (or `kit stop`) can find it. */
export interface InstanceInfo {
  pid: number;
  startedAt: string;
  services: Array<{ name: string; url: string; details: string[] }>;
  jupyter?: { app: string; url: string; port: number; pid?: number };
}

export function instanceFile(): string {
  return path.join(kitHome(), 'run', 'kit-start.json');
}

export { processAlive as alive };

/** The running instance, if any; a record left by a process that died is removed. */
export function runningInstance(): InstanceInfo | undefined {
  const file = instanceFile();
  let info: InstanceInfo;
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof info.pid === 'number' && processAlive(info.pid)) return info;
  fs.rmSync(file, { force: true });
  return undefined;
}

export function recordInstance(info: InstanceInfo): void {
  writeFileAtomic(instanceFile(), JSON.stringify(info, null, 2) + '\n');
}

export function clearInstance(): void {
  fs.rmSync(instanceFile(), { force: true });
}
