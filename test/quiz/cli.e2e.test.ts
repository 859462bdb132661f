import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attempt, generateQuestion, loadBank } from '../../src/quiz';
import { FIXTURES, tempBanks } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');

function kit(args: string[], env: Record<string, string> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-quiz-cli-'));
  const r = spawnSync(process.execPath, ['bin/kit.js', ...args], { cwd: ROOT, env: { ...process.env, KIT_HOME: home, KIT_QUIZ_DIR: FIXTURES, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function sheetFile(sheet: unknown): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-sheet-')), 'answers.json');
  fs.writeFileSync(f, JSON.stringify(sheet));
  return f;
}

describe('kit quiz --answers', () => {
  it('scores a prepared sheet as JSON, with partial credit and the per-domain breakdown', () => {
    const cost = generateQuestion('sqs', 7);
    const f = sheetFile({ bank: 'demo', answers: { 'demo-basics-001': 'a', 'demo-basics-002': ['a'], 'demo-basics-003': 0.25, 'demo-basics-005': 'a', [cost.id]: cost.answer } });
    const r = kit(['quiz', '--answers', f, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ questions: 5, answered: 5, earned: 3.5, percent: 70, passPercent: 75, passed: false });
    expect(s.byDomain.map((d: { domain: string; earned: number }) => [d.domain, d.earned])).toEqual([['inform', 1], ['optimize', 1.5], ['sqs', 1]]);
  });
  it('prints a readable summary without --json', () => {
    const r = kit(['quiz', '--answers', sheetFile({ answers: { 'demo-basics-001': 'a', 'demo-basics-005': 'b' } })]);
    expect(r.out).toContain('demo answer sheet: 100 %');
    expect(r.out).toMatch(/Inform\s+100 %\s+\(2\/2\)/);
  });
  it('an unknown id is a user error with a hint, exit 2, no stack trace', () => {
    const r = kit(['quiz', '--answers', sheetFile({ answers: { 'demo-basics-999': 'a' } }), '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('kit: unknown question id: demo-basics-999');
    expect(r.err).toContain('ids are in the bank files (quizzes/<bank>/*.yaml); `kit quiz lint` lists the banks');
    expect(r.err).not.toMatch(/^\s+at /m);
  });
});

describe('kit quiz usage mistakes', () => {
  it('a bad --count or --mode says what it takes, exit 2', () => {
    const c = kit(['quiz', '--count', '0']);
    expect([c.code, c.err]).toEqual([2, expect.stringContaining('kit: --count takes a whole number above 0, not "0"')]);
    const m = kit(['quiz', '--mode', 'bogus']);
    expect([m.code, m.err]).toEqual([2, expect.stringContaining('kit: --mode takes practice, exam or review, not "bogus"')]);
  });
});

describe('kit quiz lint', () => {
  it('prints one line per bank and exits 0 on a clean bank', () => {
    const r = kit(['quiz', 'lint']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toContain('demo: 5 questions');
  });
  it('exits 1 and names file and line for a broken bank, and still counts the others', () => {
    const root = tempBanks();
    fs.appendFileSync(path.join(root, 'demo', 'basics.yaml'), '  - id: demo-basics-006\n    domain: nowhere\n');
    const r = kit(['quiz', 'lint'], { KIT_QUIZ_DIR: root });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${path.join(root, 'demo', 'basics.yaml')}:88: error: demo-basics-006: domain "nowhere" is not one of inform, optimize`);
    expect(r.out).toContain('demo: 5 questions');
  });
});

describe('kit quiz stats', () => {
  it('says how to start before any answer, then shows progress by domain', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-quiz-stats-'));
    expect(kit(['quiz', 'stats'], { KIT_HOME: home }).out).toContain('No answers yet. Start with `kit quiz`.');
    const { bank } = loadBank(path.join(FIXTURES, 'demo'));
    const a = Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 1, file: path.join(home, 'quiz', 'progress.json') });
    a.answer('demo-basics-001', 'a');
    a.answer('demo-basics-005', 'a');
    a.answer('demo-basics-002', ['a']);
    const out = kit(['quiz', 'stats'], { KIT_HOME: home }).out;
    expect(out).toMatch(/demo\s+inform\s+2\s+1\s+50/);
    expect(out).toMatch(/demo\s+optimize\s+1\s+0\s+50/);
    expect(out).toContain('1 attempt, 1 unfinished');
  });
});
