import path from 'node:path';
import type { InstanceInfo } from './instance';

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/** The one status block `kit start` prints: what started, where, and how to stop it. */
export function statusBlock(info: InstanceInfo & { kernel: string; library: string }): string {
  const rows: Array<[string, string]> = [
    ['library', info.library],
    ['kernel', info.kernel],
    ...info.services.flatMap((s): Array<[string, string]> => [[s.name, s.url], ...s.details.map((d): [string, string] => ['', d.replace(process.cwd() + path.sep, '')])]),
  ];
  if (info.jupyter) rows.push([info.jupyter.app === 'jupyterlab' ? 'JupyterLab' : 'Notebook', info.jupyter.url]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `cloud-study-kit is running (pid ${info.pid})`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    info.services.length === 0 ? '  (no embedded services are configured yet)' : '',
    `Stop: press Ctrl-C here, or run \`npx kit stop\` in another terminal.`,
  ]
    .filter(Boolean)
    .join('\n');
}

export { rel as relativePath };
