/**
 * The cluster's own process, as `kit cluster start --detach` spawns it:
 *   node dist/cluster/server-main.js --home <dir> [--speed N] [--nodes N] [--port P]
 * It prints one line "ready <url>" when serving, and stops cleanly on SIGTERM/SIGINT.
 */
import { formatUserError, isUserError } from '../cli/errors';
import { runCluster } from './run';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const home = arg('home');
  if (!home) throw new Error('--home is required');
  const num = (n: string) => (arg(n) === undefined ? undefined : Number(arg(n)));
  const running = await runCluster({
    home,
    speed: num('speed'),
    port: num('port'),
    nodes: { count: num('nodes'), cpu: arg('node-cpu'), memory: arg('node-memory') },
    log: (l) => console.log(`kit cluster: ${l}`),
  });
  console.log(`ready ${running.info.url}`);
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(isUserError(e) ? formatUserError(e) : (e as Error).stack ?? String(e));
  process.exit(isUserError(e) ? e.exitCode : 1);
});
