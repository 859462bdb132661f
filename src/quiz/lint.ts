import { loadBanks, quizDir, splitOrigin } from './load';
import { nearDuplicates, NEAR_DUPLICATE_JACCARD } from './similarity';
import { formatProblem, type Bank, type Problem } from './types';

/** The Framework's 22 capabilities (2024/2025 names) with their 2026 renames, and the core personas. */
export const FOCP_CAPABILITIES: Array<[string, string?]> = [
  ['Data Ingestion'], ['Allocation'], ['Reporting & Analytics'], ['Anomaly Management'],
  ['Planning & Estimating'], ['Forecasting'], ['Budgeting'], ['Benchmarking', 'KPIs & Benchmarking'], ['Unit Economics'],
  ['Architecting for Cloud', 'Architecting & Workload Placement'], ['Workload Optimization', 'Usage Optimization'], ['Rate Optimization'], ['Licensing & SaaS'], ['Cloud Sustainability', 'Sustainability'],
  ['FinOps Practice Operations'], ['Cloud Policy & Governance', 'Governance, Policy, & Risk'], ['FinOps Assessment'], ['FinOps Tools & Services', 'Automation, Tools, & Services'], ['FinOps Education & Enablement'], ['Invoicing & Chargeback'], ['Onboarding Workloads'], ['Intersecting Disciplines'],
];
export const FOCP_PERSONAS = ['FinOps Practitioner', 'Engineering', 'Finance', 'Product', 'Procurement', 'Leadership'];

/** A domain's share may differ from its weight share by this many percentage points before lint warns. */
export const COVERAGE_TOLERANCE_PP = 5;

export interface LintReport {
  banks: Array<{ name: string; questions: number; coverage: Array<{ domain: string; questions: number; percent: number; weightPercent: number }> }>;
  problems: Problem[];
  errors: number;
  warnings: number;
}

function coverage(b: Bank, problems: Problem[]): LintReport['banks'][number]['coverage'] {
  const total = b.domains.reduce((a, d) => a + d.weight, 0);
  const file = `${b.dir}/bank.yaml`.replace(process.cwd() + '/', '');
  return b.domains.map((d) => {
    const count = b.questions.filter((q) => q.domain === d.id).length;
    const percent = b.questions.length ? (100 * count) / b.questions.length : 0;
    const weightPercent = (100 * d.weight) / total;
    if (count === 0) problems.push({ file, line: 1, message: `${b.name}: domain ${d.id} has no questions`, severity: 'error' });
    else if (Math.abs(percent - weightPercent) > COVERAGE_TOLERANCE_PP)
      problems.push({ file, line: 1, message: `${b.name}: domain ${d.id} has ${percent.toFixed(1)} % of the questions, its weight is ${weightPercent.toFixed(1)} % (±${COVERAGE_TOLERANCE_PP} pp)`, severity: 'warning' });
    return { domain: d.id, questions: count, percent, weightPercent };
  });
}

function focpRefs(b: Bank, problems: Problem[]): void {
  const refs = new Set(b.questions.map((q) => q.ref.toLowerCase()));
  const file = `${b.dir}/bank.yaml`.replace(process.cwd() + '/', '');
  for (const names of FOCP_CAPABILITIES)
    if (!names.some((n) => n && refs.has(`capability: ${n.toLowerCase()}`)))
      problems.push({ file, line: 1, message: `focp: no question on the capability "${names[0]}"`, severity: 'warning' });
  for (const p of FOCP_PERSONAS) if (!refs.has(`persona: ${p.toLowerCase()}`)) problems.push({ file, line: 1, message: `focp: no question on the persona "${p}"`, severity: 'warning' });
}

/** Lints every bank: schema, duplicates (ids and near-duplicate text), domain coverage, FOCP capability and persona coverage. */
export function lintBanks(root = quizDir()): LintReport {
  const { banks, problems } = loadBanks(root);
  const all = banks.flatMap((b) => b.questions);
  for (const d of nearDuplicates(all)) {
    const [file, line] = splitOrigin(d.b.origin);
    problems.push({ file, line, message: `${d.b.id} is a near-duplicate of ${d.a.id} (${d.a.origin}): Jaccard ${d.similarity.toFixed(2)} ≥ ${NEAR_DUPLICATE_JACCARD}`, severity: 'error' });
  }
  const out: LintReport['banks'] = [];
  for (const b of banks) {
    out.push({ name: b.name, questions: b.questions.length, coverage: coverage(b, problems) });
    if (b.name === 'focp') focpRefs(b, problems);
    if (b.exam && b.questions.length < b.exam.questions)
      problems.push({ file: `${b.dir}/bank.yaml`.replace(process.cwd() + '/', ''), line: 1, message: `${b.name}: ${b.questions.length} questions cannot fill a ${b.exam.questions}-question exam`, severity: 'error' });
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { banks: out, problems, errors, warnings: problems.length - errors };
}

export function formatLint(r: LintReport): string {
  const lines = r.problems.map(formatProblem);
  for (const b of r.banks) lines.push(`${b.name}: ${b.questions} questions`);
  lines.push(`${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}`);
  return lines.join('\n');
}
