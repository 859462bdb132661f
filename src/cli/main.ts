import { Command, CommanderError } from 'commander';
import { formatUserError, isUserError } from './errors';
import { registerAll } from './commands';
import { kitVersion } from '../env/paths';

/** Builds the `kit` program. Each concern registers its own subcommands in `commands/`. */
export function program(): Command {
  const prog = new Command('kit')
    .description('cloud-study-kit: notebooks, an embedded Kubernetes cluster, an embedded SQS endpoint, labs and quizzes.')
    .version(kitVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  prog.command('build').description('compile the library (src/ → dist/) that notebooks and labs import').option('--if-stale', 'only build when a source file is newer than the last build');
  registerAll(prog);
  return prog;
}

export async function run(argv: string[]): Promise<void> {
  const prog = program();
  try {
    await prog.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; usage mistakes exit 2, as commander already printed why.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isUserError(e)) {
      console.error(formatUserError(e));
      process.exitCode = e.exitCode;
      return;
    }
    throw e;
  }
}
