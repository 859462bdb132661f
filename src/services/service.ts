/**
 * An embedded service that `kit start` can run (the lab cluster, the SQS endpoint). Each one lives
 * in its own folder and exports a `service: EmbeddedService`; `kit start` starts them all in its own
 * process, prints their status, and stops them on Ctrl-C.
 */
export interface StartOptions {
  /** The kit's state folder (.kit/ by default). */
  home: string;
  /** Extra settings a service understands (e.g. speed, nodes, port). */
  [key: string]: unknown;
}

export interface RunningService {
  name: string;
  /** Where to reach it, e.g. https://127.0.0.1:6443 or http://127.0.0.1:4566. */
  url: string;
  /** Lines for the status block, e.g. "kubeconfig: .kit/kubeconfig". */
  details: string[];
  stop(): Promise<void>;
}

export interface EmbeddedService {
  name: string;
  start(opts: StartOptions): Promise<RunningService>;
}
