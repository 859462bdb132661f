import type { ContainerContext, Image, Program } from './types';

/**
 * How a container's argv is built from the pod spec and the image's defaults (Kubernetes docs,
 * "Define a Command and Arguments for a Container"): `command` replaces the ENTRYPOINT and drops
 * the image's CMD; `args` replaces the CMD.
 */
export function containerArgv(ctx: Pick<ContainerContext, 'command' | 'args'>, image: { entrypoint?: string[]; cmd?: string[] }): string[] {
  if (ctx.command !== undefined) return [...ctx.command, ...(ctx.args ?? [])];
  return [...(image.entrypoint ?? []), ...(ctx.args ?? image.cmd ?? [])];
}

/** Exit code the runtime reports when the container's executable cannot be started (StartError). */
export const START_ERROR_EXIT_CODE = 128;

/** The programs an image holds, by file name; `/bin/sleep` and `sleep` find the same one. */
export type ProgramTable = Record<string, Program>;

export function findProgram(table: ProgramTable, name: string): Program | undefined {
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  return Object.prototype.hasOwnProperty.call(table, base) ? table[base] : undefined;
}

/** What a built-in image is made of: its programs, default command and environment (from its Dockerfile). */
export interface ImageSpec {
  name: string;
  description: string;
  example: string;
  programs: ProgramTable;
  entrypoint?: string[];
  cmd?: string[];
  /** ENV lines of the image's Dockerfile (PATH and the like). */
  env?: Record<string, string>;
}

/** Turns an ImageSpec into an Image: resolves argv, sets the environment a runtime sets, execs argv[0]. */
export function imageFromSpec(spec: ImageSpec): Image {
  return {
    name: spec.name,
    description: spec.description,
    example: spec.example,
    async run(ctx: ContainerContext): Promise<number> {
      const argv = containerArgv(ctx, spec);
      // The runtime sets HOSTNAME and HOME; the pod spec's env wins over the image's ENV.
      const env = { ...spec.env, HOSTNAME: ctx.hostname, HOME: '/root', ...ctx.env };
      const run: ContainerContext = { ...ctx, env };
      if (argv.length === 0) {
        ctx.stderr('exec: no command: the image has no default command and the pod spec gives none\n');
        return START_ERROR_EXIT_CODE;
      }
      const program = findProgram(spec.programs, argv[0]);
      if (!program) {
        // containerd: exec: "X": executable file not found in $PATH
        ctx.stderr(`exec: "${argv[0]}": executable file not found in $PATH (image ${spec.name} has: ${Object.keys(spec.programs).sort().join(', ')})\n`);
        return START_ERROR_EXIT_CODE;
      }
      return program(argv, run);
    },
  };
}
