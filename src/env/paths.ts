import fs from 'node:fs';
import path from 'node:path';

/** The kit's checkout (the folder with package.json), found from the compiled file's place. */
export const kitRoot: string = path.resolve(__dirname, '..', '..');

/**
 * Where the kit keeps its state (.kit/ in the checkout unless KIT_HOME says otherwise):
 * kubeconfig, the cluster's durable log, pid files, quiz progress.
 */
export function kitHome(): string {
  return path.resolve(process.env.KIT_HOME ?? path.join(kitRoot, '.kit'));
}

export function kitVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(kitRoot, 'package.json'), 'utf8')).version;
}
