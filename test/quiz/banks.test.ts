import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { drawExam, formatLint, lintBanks } from '../../src/quiz';
import { loadBanks } from '../../src/quiz';

// The real banks in quizzes/, as `kit quiz lint` checks them in CI.
const ROOT = path.resolve(__dirname, '..', '..', 'quizzes');

describe('the question banks in quizzes/', () => {
  const report = lintBanks(ROOT);
  it('lint finds no errors', () => {
    expect(report.problems.filter((p) => p.severity === 'error'), formatLint(report)).toEqual([]);
  });
  it('meet the counts: FOCP at least 200, the Kubernetes and AWS banks at least 30 each', () => {
    const counts = Object.fromEntries(report.banks.map((b) => [b.name, b.questions]));
    expect(counts.focp).toBeGreaterThanOrEqual(200);
    for (const b of ['k8s-jobs', 'k8s-services', 'eks-nodeless', 'aws-sqs']) expect(counts[b], b).toBeGreaterThanOrEqual(30);
  });
  it('a full FOCP exam can be drawn: 50 questions in the weights 4/6/6/14/15/5', () => {
    const focp = loadBanks(ROOT).banks.find((b) => b.name === 'focp')!;
    const exam = drawExam(focp, 1);
    const per = (d: string) => exam.filter((q) => q.domain === d).length;
    expect(exam).toHaveLength(50);
    expect(['challenge-of-cloud', 'finops-principles', 'teams-motivation', 'capabilities', 'lifecycle', 'terminology-bill'].map(per)).toEqual([4, 6, 6, 14, 15, 5]);
  });
});
