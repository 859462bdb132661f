import type { Image, Program } from './types';
import { findProgram, imageFromSpec, type ProgramTable } from './exec';
import { coreutils } from './coreutils';
import { BASH, BUSYBOX_ASH, DASH, shellProgram, type ShellDialect } from './shell';
import { perl } from './perl';
import { pnGenerator } from './primes';
import { dockerEntrypoint, nginx } from './nginx';
import { sqsTestImage } from './sqs-test-image';

/** A program table with a shell and the everyday commands; `own` adds the image's programs. */
function withShell(dialect: ShellDialect, own: (lookup: (name: string) => Program | undefined) => ProgramTable = () => ({})): ProgramTable {
  const table: ProgramTable = {};
  const lookup = (name: string) => findProgram(table, name);
  const sh = shellProgram({ dialect, lookup });
  Object.assign(table, coreutils(lookup), { sh }, own(lookup));
  return table;
}

const LINUX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The images the kit ships, with the defaults of their Dockerfiles on Docker Hub. */
export function builtinImages(): Image[] {
  return [
    imageFromSpec({
      name: 'busybox',
      description: 'sh -c with echo, sleep, exit, env, printenv, hostname, date, true/false, ; && ||',
      example: 'sh -c "sleep 5; exit 0"',
      programs: withShell(BUSYBOX_ASH),
      cmd: ['sh'],
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    }),
    imageFromSpec({
      name: 'alpine',
      description: 'busybox sh and the same small commands as busybox',
      example: 'sh -c "echo hello from $HOSTNAME"',
      programs: withShell(BUSYBOX_ASH),
      cmd: ['/bin/sh'],
      env: { PATH: LINUX_PATH },
    }),
    imageFromSpec({
      name: 'perl',
      description: 'one-liners printing π to N digits exactly as Math::BigFloat bpi(N) does',
      example: 'perl -Mbignum=bpi -wle "print bpi(2000)"',
      programs: withShell(DASH, () => ({ perl })),
      cmd: ['perl', '-de0'],
      env: { PATH: LINUX_PATH },
    }),
    imageFromSpec({
      name: 'maho/pn_generator',
      description: 'prints the primes in [A_START_NUM, A_START_NUM + A_SIZE_NUM)',
      example: 'env: A_START_NUM=2, A_SIZE_NUM=10**5 (no command)',
      programs: withShell(DASH, () => ({ pn_generator: pnGenerator })),
      cmd: ['pn_generator'],
      env: { PATH: LINUX_PATH },
    }),
    imageFromSpec({
      name: 'nginx',
      description: 'logs its start-up and keeps running; exits 0 on SIGTERM',
      example: '(no command)',
      programs: withShell(DASH, (lookup) => ({
        nginx,
        'nginx-debug': nginx,
        'docker-entrypoint.sh': dockerEntrypoint(lookup, (n) => `${n}: not found`),
      })),
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      env: { PATH: LINUX_PATH, NGINX_VERSION: '1.27.3' },
    }),
    imageFromSpec({
      // The real image's default command is /bin/bash, which exits at once without a terminal;
      // the kit's sleeps instead, so a bare `centos` pod stays Running as in the seed's example.
      name: 'centos',
      description: 'sleeps until stopped by default; runs a given command with bash-like sh',
      example: 'sleep 3600',
      programs: withShell(BASH, (lookup) => ({ bash: shellProgram({ dialect: { notFound: (n) => `bash: ${n}: command not found` }, lookup }) })),
      cmd: ['sleep', 'infinity'],
      env: { PATH: LINUX_PATH },
    }),
    sqsTestImage((own) => withShell(DASH, own)),
  ];
}
