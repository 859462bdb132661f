/**
 * The seeds' Job manifests, verbatim except where noted, shared by the notebook and the tests.
 * Seed 002 (Kubernetes Patterns, Batch Job) and seed 004 (study notes, Jobs).
 */

/** Seed 002: 2000 digits of π, five times, two at a time. */
export const piJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 5
  parallelism: 2
  template:
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

/** Seed 004 "normal-end" (the seed indents parallelism with a tab, which YAML rejects; spaces here). */
export const normalEndJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: normal-end
spec:
  template:
    spec:
      containers:
      - name: busybox
        image: busybox:latest
        command: ["sh",  "-c", "sleep 5; exit 0"]
      restartPolicy: Never
  completions: 6
  parallelism: 2
`;

/** Seed 004 "abnormal-end": every pod exits 1 after 5 s. */
export const abnormalEndJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: abnormal-end
spec:
  backoffLimit: 3
  template:
    spec:
      containers:
      - name: busybox
        image: busybox:latest
        command: ["sh",  "-c", "sleep 5; exit 1"]
      restartPolicy: Never
`;
