import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { formatLint, formatProblem, lintBanks, loadBanks } from '../../src/quiz';
import { tempBanks } from './helpers';

function writeBank(root: string, name: string, topic: string, body: string): string {
  fs.mkdirSync(path.join(root, name), { recursive: true });
  fs.writeFileSync(path.join(root, name, 'bank.yaml'), `name: ${name}\ntitle: ${name}\ndomains:\n  - { id: d1, title: D1, weight: 1 }\n`);
  const f = path.join(root, name, topic);
  fs.writeFileSync(f, body);
  return f;
}

const good = (id: string, question: string) => `  - id: ${id}
    domain: d1
    ref: "concept: x"
    difficulty: easy
    type: single
    question: ${question}
    options: { a: yes, b: no }
    answer: a
    explanation: because
    wrong: { b: not so }
    source: https://example.org/
`;

describe('loading banks', () => {
  it('a YAML syntax error names the file and line, and the other banks still load', () => {
    const root = tempBanks();
    const f = writeBank(root, 'broken', 'topic.yaml', 'questions:\n  - id: broken-topic-001\n    question: Which is right: a or b?\n    type: single\n');
    const r = loadBanks(root);
    expect(r.banks.map((b) => [b.name, b.questions.length])).toEqual([['broken', 0], ['demo', 5]]);
    const msg = r.problems.map(formatProblem).join('\n');
    expect(msg).toContain(`${f}:3: error: YAML: Nested mappings are not allowed in compact mappings`);
  });

  it('a schema error points at the offending line and drops only that question', () => {
    const root = tempBanks();
    const f = writeBank(root, 'bad', 'topic.yaml', 'questions:\n' + good('bad-topic-001', 'fine one?') + good('bad-topic-002', 'second one here?').replace('answer: a', 'answer: e'));
    const r = loadBanks(root);
    expect(r.banks.find((b) => b.name === 'bad')!.questions.map((q) => q.id)).toEqual(['bad-topic-001']);
    expect(r.problems.map(formatProblem)).toEqual([`${f}:20: error: bad-topic-002: answer "e" points to no option`]);
  });
});

describe('kit quiz lint', () => {
  it('passes the fixture bank and prints "<bank>: N questions"', () => {
    const root = tempBanks();
    const r = lintBanks(root);
    expect(r.errors).toBe(0);
    expect(formatLint(r).split('\n')).toContain('demo: 5 questions');
  });

  it('reports missing explanation and source, unexplained wrong options and unknown fields with file:line', () => {
    const root = tempBanks();
    const body = 'questions:\n' + good('lint-topic-001', 'which one is it really?').replace('    explanation: because\n', '').replace('    source: https://example.org/\n', '').replace('wrong: { b: not so }', 'wrong: {}').replace('type: single', 'type: single\n    hint: nope');
    const f = writeBank(root, 'lint', 'topic.yaml', body);
    const out = formatLint(lintBanks(root));
    expect(out).toContain(`${f}:7: error: lint-topic-001: unknown field "hint"`);
    expect(out).toContain(`${f}:2: error: lint-topic-001: explanation is missing`);
    expect(out).toContain(`${f}:2: error: lint-topic-001: source is missing`);
    expect(out).toContain(`${f}:11: error: lint-topic-001: wrong option b has no explanation`);
  });

  it('finds near-duplicates (Jaccard of word 3-shingles ≥ 0.8) and duplicate ids', () => {
    const root = tempBanks();
    const f = writeBank(root, 'dup', 'topic.yaml', 'questions:\n' +
      good('dup-topic-001', 'In a typical FinOps practice with central enablement and distributed ownership, which team owns the forecast that feeds the yearly cloud budget cycle?') +
      good('dup-topic-002', 'In a typical FinOps practice with central enablement and distributed ownership, which team owns the forecast that feeds the yearly cloud budget cycle today?') +
      good('dup-topic-003', 'What does a showback report change about who pays for cloud usage?') +
      good('dup-topic-001', 'Something else entirely about tagging policy and allocation.'));
    const r = lintBanks(root);
    const out = formatLint(r);
    expect(out).toMatch(new RegExp(`${f.replace(/[.]/g, '\\.')}:13: error: dup-topic-002 is a near-duplicate of dup-topic-001 .*Jaccard 0\\.8\\d`));
    expect(out).not.toContain('dup-topic-003 is a near-duplicate');
    expect(out).toContain(`${f}:35: error: duplicate id dup-topic-001`);
    expect(r.errors).toBe(2);
  });

  it('checks domain coverage against the weights', () => {
    const root = tempBanks();
    fs.writeFileSync(path.join(root, 'demo', 'bank.yaml'), fs.readFileSync(path.join(root, 'demo', 'bank.yaml'), 'utf8').replace('  - { id: optimize', '  - { id: operate, title: "Operate", weight: 10 }\n  - { id: optimize'));
    const out = formatLint(lintBanks(root));
    expect(out).toContain('error: demo: domain operate has no questions');
    expect(out).toMatch(/warning: demo: domain inform has 60\.0 % of the questions, its weight is 54\.5 %|demo: 5 questions/);
  });
});
