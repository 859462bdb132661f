import type { Command } from 'commander';
import { renderTable } from '../../display/table';
import { findLab, labsRoot, listLabs, type Lab } from '../../labs/format';
import { checkLab, connectLab, labStatus, resetLab, solutionTexts, solveLab, startLab } from '../../labs/runner';

/** The cluster for a cluster lab; an SQS lab runs on its own endpoint and needs none. */
const clientFor = (l: Lab) => (l.sqs ? Promise.resolve(undefined) : connectLab());

/** `kit lab list | start | check | solve | reset`. */
export function register(prog: Command): void {
  const lab = prog.command('lab').description('hands-on labs on the embedded cluster and SQS endpoint: list, start, check, solve, reset');

  lab
    .command('list')
    .description('list the labs with their time, prerequisites and your status')
    .action(() => {
      const labs = listLabs();
      if (!labs.length) return console.log(`no labs in ${labsRoot()}`);
      const rows = labs.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes, prerequisites: l.prerequisites.join(', ') || '-', status: labStatus(l.id) }));
      console.log(renderTable(rows).text);
    });

  lab
    .command('start <id>')
    .description('prepare the lab (its namespace and a workspace with the starter files); safe to run again')
    .action(async (id: string) => {
      const l = findLab(id);
      console.log((await startLab(l, await clientFor(l))).join('\n'));
    });

  lab
    .command('check <id>')
    .description('check every step: ✓, or ✗ with the reason and a hint (exit 1 while any step fails)')
    .action(async (id: string) => {
      const l = findLab(id);
      const r = await checkLab(l, await clientFor(l));
      console.log(r.lines.join('\n'));
      if (!r.ok) process.exitCode = 1;
    });

  lab
    .command('solve <id>')
    .description("print the lab's written solution (what to change and why), then apply it: manifests to the cluster, or (SQS labs) files into the workspace (all steps, or one with --step)")
    .option('--step <step>', 'only this step (its number or id)')
    .option('--no-apply', 'only print the written solution; leave the cluster and the workspace as they are')
    .action(async (id: string, o: { step?: string; apply: boolean }) => {
      const l = findLab(id);
      if (!o.apply) return console.log(solutionTexts(l, o.step).join('\n'));
      console.log((await solveLab(l, await clientFor(l), o.step)).join('\n'));
    });

  lab
    .command('reset <id>')
    .description(`delete everything labelled kit.dev/lab=<id> (an SQS lab: its queues and endpoint) and the workspace; safe to run again`)
    .action(async (id: string) => {
      const l = findLab(id);
      console.log((await resetLab(l, await clientFor(l))).join('\n'));
    });
}
