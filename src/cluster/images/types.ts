/**
 * The contract between the kubelet and a container image. An image is TypeScript that plays the
 * real image's part for the commands the kit's labs use; it knows nothing about the store.
 */
export interface ContainerContext {
  /** The image reference as written in the pod spec (e.g. `perl:5.34`). */
  image: string;
  /** `command` and `args` as in the pod spec; undefined means "use the image's default". */
  command?: string[];
  args?: string[];
  /** The container's environment (from the pod spec; the kubelet adds service variables). */
  env: Record<string, string>;
  hostname: string;
  podName: string;
  namespace: string;
  /** Output exactly as the program writes it: lines end with "\n" (`echo -n` writes none). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** Waits on the virtual clock; rejects with an AbortError when the container is killed. */
  sleep(ms: number): Promise<void>;
  /** The virtual clock's now. */
  now(): Date;
  /** Aborted when the container is killed (SIGTERM, then SIGKILL after the grace period). */
  signal: AbortSignal;
  /**
   * Aborted on SIGKILL, which no program can handle: the kubelet has recorded exit 137 already and
   * ignores the rest. An image that runs elsewhere (a notebook's kernel) stops it there.
   */
  killed?: AbortSignal;
}

/**
 * A container image. `run` resolves with the exit code. When the container is killed and the
 * program does not handle it, `run` rejects with the AbortError; the kubelet then records the
 * signal's exit code (143 for SIGTERM, 137 for SIGKILL), as a container runtime does.
 */
export interface Image {
  /** The normalised name, without registry or tag (e.g. `perl`, `maho/pn_generator`). */
  name: string;
  description: string;
  /** A command line a learner can put in a pod spec, e.g. `perl -Mbignum=bpi -wle "print bpi(2000)"`. */
  example: string;
  run(ctx: ContainerContext): Promise<number>;
  /** Why the image cannot be pulled right now (its notebook has stopped), or undefined. */
  unavailable?(): string | undefined;
}

/** One executable inside an image: gets argv (argv[0] is the program) and returns the exit code. */
export type Program = (argv: string[], ctx: ContainerContext) => Promise<number>;
