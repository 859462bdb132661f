/**
 * The lab format: `labs/<id>/index.json` plus Markdown step texts, starter files and solution
 * manifests in the same folder. Loading validates everything up front, so an author's mistake is
 * one line naming the file and the field, never a stack trace mid-lab.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/errors';
import { kitRoot } from '../env/paths';
import { isSqsCheck, parseCheckSpec, type CheckSpec } from './checks';
import { loadSqsConfig } from '../sqs/endpoint/config';
import { renderText, shellBlocks } from './markdown';

export interface LabStep {
  id: string;
  title: string;
  /** Markdown file (relative to the lab folder). */
  text: string;
  check: CheckSpec;
  /**
   * What `kit lab solve` puts in place for this step: manifests applied to the cluster, or, in an
   * SQS lab, files copied into the workspace over the learner's (settings, code, queue config).
   */
  solution: string[];
  /** Markdown (relative to the lab folder) that says what the fix is and why it works; `kit lab solve` prints it. */
  solutionText: string;
}

export interface Lab {
  id: string;
  title: string;
  minutes: number;
  prerequisites: string[];
  description: string;
  /** Files copied into the learner's workspace by `kit lab start`. */
  starter: string[];
  steps: LabStep[];
  /**
   * An SQS lab: its queues, DLQs, latency and faults (the `kit sqs start --config` YAML, relative
   * to the lab folder). Such a lab runs on its own SQS endpoint instead of the cluster.
   */
  sqs?: string;
  /** Named assertions for `hook=<name>` code fences. */
  hooks: Record<string, CheckSpec>;
  /** The lab's folder (absolute). */
  dir: string;
}

/** Every lab carries this label (value: the lab id); `kit lab reset` deletes exactly what has it. */
export const LabLabel = 'kit.dev/lab';

/** The lab's namespace: one per lab, so labs run in any order. */
export function labNamespace(id: string): string {
  return `lab-${id}`;
}

/** Where labs live: labs/ in the checkout (KIT_LABS_DIR overrides it, for tests). */
export function labsRoot(): string {
  return path.resolve(process.env.KIT_LABS_DIR ?? path.join(kitRoot, 'labs'));
}

const ID = /^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$/;
const INDEX_KEYS = new Set(['id', 'title', 'minutes', 'prerequisites', 'description', 'starter', 'steps', 'hooks', 'sqs']);
const STEP_KEYS = new Set(['id', 'title', 'text', 'check', 'solution', 'solutionText']);

function fail(file: string, field: string, what: string): never {
  throw new UserError(`${file}: ${field} ${what}`, { hint: 'See docs/labs.md for the lab format.' });
}

function str(file: string, obj: Record<string, unknown>, field: string, prefix = ''): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') fail(file, prefix + field, 'must be a non-empty string');
  return v;
}

function strList(file: string, v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(file, field, 'must be a list of strings');
  return v as string[];
}

function labFile(file: string, dir: string, field: string, rel: string): string {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) fail(file, field, `must be a path inside the lab folder (got "${rel}")`);
  if (!fs.existsSync(path.join(dir, rel))) fail(file, field, `names a file that does not exist: ${rel}`);
  return rel;
}

/** Loads and validates one lab folder. */
export function loadLab(dir: string): Lab {
  const file = path.join(path.basename(dir), 'index.json');
  const indexPath = path.join(dir, 'index.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file} is missing` : `${file} is not valid JSON: ${(e as Error).message}`, { hint: 'See docs/labs.md for the lab format.' });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, '(top level)', 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!INDEX_KEYS.has(k)) fail(file, k, `is not a lab field (known: ${[...INDEX_KEYS].join(', ')})`);
  const id = str(file, o, 'id');
  if (!ID.test(id)) fail(file, 'id', `must look like "01-fix-broken-job" (got "${id}")`);
  if (id !== path.basename(dir)) fail(file, 'id', `must match the folder name "${path.basename(dir)}" (got "${id}")`);
  const minutes = o.minutes;
  if (typeof minutes !== 'number' || !(minutes > 0)) fail(file, 'minutes', 'must be a positive number');
  const starter = strList(file, o.starter, 'starter').map((s, i) => labFile(file, dir, `starter[${i}]`, s));
  const sqs = o.sqs === undefined ? undefined : labFile(file, dir, 'sqs', str(file, o, 'sqs'));
  if (sqs) {
    try {
      loadSqsConfig(path.join(dir, sqs));
    } catch (e) {
      fail(file, 'sqs', `names a config that does not load: ${(e as Error).message.replace(dir + path.sep, '')}`);
    }
  }
  // A lab runs on the cluster or on its SQS endpoint, not both: its checks must fit.
  const fits = (spec: CheckSpec, field: string) => {
    if (isSqsCheck(spec) !== !!sqs) fail(file, field, sqs ? `is a cluster check (${spec.type}) in an SQS lab` : `is an SQS check (${spec.type}); add "sqs": "<config>.yaml" to the lab`);
    return spec;
  };
  if (!Array.isArray(o.steps) || o.steps.length === 0) fail(file, 'steps', 'must be a non-empty list');
  const hooks: Record<string, CheckSpec> = {};
  if (o.hooks !== undefined) {
    if (typeof o.hooks !== 'object' || o.hooks === null || Array.isArray(o.hooks)) fail(file, 'hooks', 'must be an object of name → check');
    for (const [name, spec] of Object.entries(o.hooks)) hooks[name] = fits(parseCheckSpec(spec, `${file}: hooks.${name}`), `hooks.${name}`);
  }
  const seen = new Set<string>();
  const steps = (o.steps as unknown[]).map((s, i): LabStep => {
    const at = `steps[${i}].`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) fail(file, `steps[${i}]`, 'must be an object');
    const so = s as Record<string, unknown>;
    for (const k of Object.keys(so)) if (!STEP_KEYS.has(k)) fail(file, at + k, `is not a step field (known: ${[...STEP_KEYS].join(', ')})`);
    const sid = str(file, so, 'id', at);
    if (seen.has(sid)) fail(file, at + 'id', `repeats "${sid}"`);
    seen.add(sid);
    const solution = strList(file, so.solution, at + 'solution');
    if (solution.length === 0) fail(file, at + 'solution', 'must list at least one file');
    return {
      id: sid,
      title: str(file, so, 'title', at),
      text: labFile(file, dir, at + 'text', str(file, so, 'text', at)),
      check: fits(parseCheckSpec(so.check, `${file}: ${at}check`), at + 'check'),
      solution: solution.map((f, j) => labFile(file, dir, `${at}solution[${j}]`, f)),
      solutionText: labFile(file, dir, at + 'solutionText', str(file, so, 'solutionText', at)),
    };
  });
  // The texts too: annotations, embeds and hook names fail at load, not halfway through a lab.
  for (const s of steps) {
    const md = fs.readFileSync(path.join(dir, s.text), 'utf8');
    const where = `${id}/${s.text}`;
    for (const b of shellBlocks(md, where)) {
      if (b.hook && !hooks[b.hook]) throw new UserError(`${where}:${b.line}: hook=${b.hook} is not in ${file} hooks`, { hint: `Add "hooks": { "${b.hook}": { "type": … } } to ${file}.` });
    }
    renderText(md, dir, where);
    const solutionWhere = `${id}/${s.solutionText}`;
    const solutionMd = fs.readFileSync(path.join(dir, s.solutionText), 'utf8');
    // A solution text explains; `kit lab solve` acts. A shell block there would be read but never run by the harness.
    const block = shellBlocks(solutionMd, solutionWhere)[0];
    if (block) throw new UserError(`${solutionWhere}:${block.line}: a solution text cannot have shell blocks (the harness does not run them)`, { hint: 'Put commands in the step text, or quote them inline (`kubectl …`); the manifests `kit lab solve` applies go in "solution".' });
    renderText(solutionMd, dir, solutionWhere);
  }
  return {
    id,
    title: str(file, o, 'title'),
    minutes,
    prerequisites: strList(file, o.prerequisites, 'prerequisites'),
    description: str(file, o, 'description'),
    starter,
    steps,
    hooks,
    ...(sqs ? { sqs } : {}),
    dir,
  };
}

/** All labs under the labs folder, in id order. */
export function listLabs(root = labsRoot()): Lab[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => loadLab(path.join(root, name)));
}

/** One lab by id (or unambiguous number prefix such as "01"). */
export function findLab(id: string, root = labsRoot()): Lab {
  const names = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
  const match = names.includes(id) ? [id] : names.filter((n) => n.startsWith(`${id}-`));
  if (match.length !== 1) {
    throw new UserError(`no lab "${id}"`, { hint: `Run \`kit lab list\` to see the labs${names.length ? ` (${names.join(', ')})` : ''}.` });
  }
  return loadLab(path.join(root, match[0]));
}
