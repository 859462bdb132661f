import type { Command } from 'commander';
import * as notebook from './notebook';
import * as start from './start';
import * as images from './images';
import * as sqs from './sqs';
import * as quiz from './quiz';
import * as cluster from './cluster';
import * as lab from './lab';

/**
 * Every subcommand group lives in its own file here and exports `register(program)`.
 * Add a new group by importing it below; keep the order the one `kit --help` should show.
 */
export function registerAll(prog: Command): void {
  const groups: Array<(p: Command) => void> = [start.register, notebook.register, images.register, sqs.register, quiz.register, cluster.register, lab.register];
  for (const register of groups) register(prog);
}
