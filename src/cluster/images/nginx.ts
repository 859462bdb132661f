import type { ContainerContext, Program } from './types';
import { strftime } from './coreutils';

/**
 * The nginx image: /docker-entrypoint.sh prints its configuration steps, then nginx logs its
 * start-up notices (to stderr, as nginx's error log does in the image) and runs until killed.
 * It handles SIGTERM/SIGQUIT with a clean shutdown and exit 0. Serving HTTP is the Services
 * lab's part; here the process only stays up.
 */

export const NGINX_VERSION = '1.27.3';

const ENTRYPOINT_LINES = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

function notice(ctx: ContainerContext, text: string): void {
  ctx.stderr(`${strftime(ctx.now(), '%Y/%m/%d %H:%M:%S')} [notice] 1#1: ${text}\n`);
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export const nginx: Program = async (argv, ctx) => {
  const args = argv.slice(1);
  if (args.includes('-v') || args.includes('-V')) {
    ctx.stderr(`nginx version: nginx/${NGINX_VERSION}\n`);
    return 0;
  }
  notice(ctx, 'using the "epoll" event method');
  notice(ctx, `nginx/${NGINX_VERSION}`);
  notice(ctx, 'built by gcc 12.2.0 (Debian 12.2.0-14)');
  notice(ctx, 'OS: Linux (cloud-study-kit embedded cluster)');
  notice(ctx, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  notice(ctx, 'start worker processes');
  notice(ctx, 'start worker process 29');
  try {
    await ctx.sleep(Number.POSITIVE_INFINITY);
    return 0;
  } catch (e) {
    if (!isAbort(e)) throw e;
    // nginx: "signal 15 (SIGTERM) received from 0, exiting", workers exit, then the master.
    notice(ctx, 'signal 15 (SIGTERM) received, exiting');
    notice(ctx, 'worker process 29 exited with code 0');
    notice(ctx, 'exit');
    return 0;
  }
};

/** /docker-entrypoint.sh: prints its steps when the command is nginx, then runs the command. */
export function dockerEntrypoint(lookup: (name: string) => Program | undefined, notFound: (name: string) => string): Program {
  return async (argv, ctx) => {
    const cmd = argv.slice(1);
    if (cmd.length === 0) return 0;
    if (cmd[0] === 'nginx' || cmd[0] === 'nginx-debug') ctx.stdout(ENTRYPOINT_LINES.map((l) => l + '\n').join(''));
    const program = lookup(cmd[0]);
    if (!program) {
      ctx.stderr(`/docker-entrypoint.sh: exec: line 47: ${notFound(cmd[0])}\n`);
      return 127;
    }
    return program(cmd, ctx);
  };
}
