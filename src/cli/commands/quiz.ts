import type { Command } from 'commander';
import { renderTable } from '../../display/table';
import { UserError } from '../errors';
import {
  Attempt, costBank, selectQuestions, formatLint, generateQuestions, lintBanks, loadBanks, loadProgress, scoreAnswerSheet, domainStats, progressOverTime,
  type Bank, type Mode,
} from '../../quiz';
import { randomSeed } from '../../util/random';
import { TerminalQuiz, resultText } from '../../quiz/terminal';

interface QuizOpts {
  bank: string;
  mode: string;
  count?: number;
  seed?: number;
  answers?: string;
  json?: boolean;
  resume?: boolean;
}

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} takes a whole number above 0, not "${v}"`);
    return n;
  };
}

function findBank(name: string, count: number | undefined, seed: number): Bank {
  if (name === 'cost') return { ...costBank, questions: generateQuestions(count ?? 6, seed), dir: '' };
  const { banks, problems } = loadBanks();
  const bank = banks.find((b) => b.name === name);
  if (!bank) {
    const broken = problems.filter((p) => p.file.includes(`/${name}/`) || p.file.startsWith(`${name}/`));
    throw new UserError(`no bank named "${name}"${broken.length ? ` (it has errors: ${broken[0].file}:${broken[0].line} ${broken[0].message})` : ''}`, { hint: `banks: ${[...banks.map((b) => b.name), 'cost'].join(', ')}; check them with \`kit quiz lint\`` });
  }
  if (!bank.questions.length) throw new UserError(`bank "${name}" has no questions yet`, { hint: 'run `kit quiz lint` to see why' });
  return bank;
}

async function interactive(o: QuizOpts): Promise<void> {
  if (!['practice', 'exam', 'review'].includes(o.mode)) throw new UserError(`--mode takes practice, exam or review, not "${o.mode}"`);
  if (!process.stdin.isTTY) throw new UserError('the interactive quiz needs a terminal', { hint: 'score a prepared sheet instead: kit quiz --answers answers.json --json' });
  const seed = o.seed ?? randomSeed();
  let attempt: Attempt;
  let bank: Bank;
  if (o.resume) {
    attempt = Attempt.resume({ bank: o.bank === 'focp' ? undefined : o.bank });
    bank = attempt.record.bank === 'cost' ? { ...costBank, questions: attempt.questions, dir: '' } : findBank(attempt.record.bank, undefined, seed);
  } else {
    bank = findBank(o.bank, o.count, seed);
    const mode = o.mode as Mode | 'review';
    const questions = selectQuestions(bank, mode, { count: o.count, seed, cards: loadProgress().cards, now: Date.now() });
    const exam = bank.exam ?? { questions: questions.length, minutes: Math.ceil(questions.length * 1.2), passPercent: 75 };
    // A shorter exam keeps the real exam's pace (72 s a question for FOCP).
    const limitMs = mode === 'exam' ? Math.round((exam.minutes * 60_000 * questions.length) / exam.questions) : undefined;
    attempt = Attempt.start({ bank: { name: bank.name, exam }, mode: mode === 'review' ? 'practice' : mode, questions, seed, limitMs });
  }
  await new TerminalQuiz(attempt, bank).run();
}

function sheet(o: QuizOpts): void {
  const s = scoreAnswerSheet(o.answers!);
  if (o.json) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  console.log(resultText(s, s.bank ? `${s.bank} answer sheet` : 'answer sheet').replace(/\x1b\[\d+m/g, ''));
}

export function register(prog: Command): void {
  const quiz = prog
    .command('quiz')
    .description('FinOps and cloud quizzes in the terminal: practice, timed exams, review of mistakes; score answer sheets; lint the banks')
    .option('-b, --bank <name>', 'question bank (focp, k8s-jobs, k8s-services, eks-nodeless, aws-sqs, or cost for generated cost questions)', 'focp')
    .option('-m, --mode <mode>', 'practice (feedback at once), exam (timed, feedback at the end) or review (your mistakes)', 'practice')
    .option('-n, --count <n>', 'number of questions (exam default: the bank\'s exam size; practice: 10)', positiveInt('--count'))
    .option('-s, --seed <n>', 'seed for drawing and generating questions (same seed, same quiz)', positiveInt('--seed'))
    .option('-r, --resume', 'resume the last unfinished attempt (answers, position and exam time left)')
    .option('-a, --answers <file>', 'score a prepared answer sheet (JSON: {"answers": {"<id>": "b"}}) without asking anything')
    .option('--json', 'with --answers: print the score as JSON')
    .addHelpText('after', '\nKeys: ↑/↓ or k/j move, 1–9 pick, space ticks, Enter answers, ←/→ or p/n change question (exam), f finish, q save and quit.')
    .action(async (o: QuizOpts) => {
      if (o.answers) return sheet(o);
      if (o.json) throw new UserError('--json goes with --answers', { hint: 'kit quiz --answers answers.json --json' });
      await interactive(o);
    });

  quiz
    .command('lint')
    .description('check every bank: schema (with file:line), explanations and sources, answer keys, near-duplicates, domain coverage')
    .action(() => {
      const r = lintBanks();
      console.log(formatLint(r));
      if (r.errors) process.exitCode = 1;
    });

  quiz
    .command('stats')
    .description('your progress by bank and domain (the notebook also charts it over time)')
    .option('-b, --bank <name>', 'only this bank')
    .option('--json', 'print the numbers as JSON')
    .action((o: { bank?: string; json?: boolean }) => {
      const p = loadProgress();
      const rows = domainStats(p, o.bank);
      if (o.json) return console.log(JSON.stringify({ domains: rows, overTime: progressOverTime(p, o.bank) }, null, 2));
      if (!rows.length) return console.log('No answers yet. Start with `kit quiz`.');
      console.log(renderTable(rows as unknown as Record<string, unknown>[], { columns: ['bank', 'domain', 'answered', 'right', 'percent'], units: { percent: '%' }, caption: 'Quiz progress by domain' }).text);
      const attempts = p.attempts.filter((a) => !o.bank || a.bank === o.bank);
      console.log(`\n${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, ${attempts.filter((a) => !a.finishedAt).length} unfinished (resume with \`kit quiz --resume\`).`);
    });
}
