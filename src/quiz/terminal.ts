import readline from 'node:readline';
import type { Attempt } from './attempt';
import { feedbackText, formatAnswer, parseAnswer, plain } from './render';
import type { SheetScore } from './score';
import type { Answer, Bank, Question } from './types';

const ESC = '\x1b[';
const clear = `${ESC}2J${ESC}H`;
const bold = (s: string) => `${ESC}1m${s}${ESC}22m`;
const dim = (s: string) => `${ESC}2m${s}${ESC}22m`;

export function formatClock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The result screen: total, pass or fail, and the per-domain breakdown. */
export function resultText(s: SheetScore, title: string, questions?: Question[]): string {
  const lines = [bold(`${title}: ${s.percent} %`) + (s.passed === undefined ? '' : s.passed ? `  PASS (pass mark ${s.passPercent} %)` : `  FAIL (pass mark ${s.passPercent} %)`), `${s.answered} of ${s.questions} answered, ${Math.round(s.earned * 100) / 100} points`, ''];
  const w = Math.max(6, ...s.byDomain.map((d) => d.title.length));
  for (const d of s.byDomain) lines.push(`  ${d.title.padEnd(w)}  ${String(d.percent).padStart(6)} %  (${Math.round(d.earned * 100) / 100}/${d.questions})`);
  const missed = questions ? s.results.filter((r) => !r.correct) : [];
  if (missed.length) {
    lines.push('', 'Missed:');
    for (const r of missed) {
      const q = questions!.find((x) => x.id === r.id)!;
      lines.push(`  ${r.id}: you answered ${formatAnswer(q, r.answer)}, the answer is ${formatAnswer(q, r.expected)}`);
    }
  }
  return lines.join('\n');
}

interface Io {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/**
 * The keyboard quiz: ↑/↓ or k/j move, 1–9 pick an option, space ticks (multiple choice), Enter
 * answers, ←/→ or p/n move between questions (exam), f finishes an exam, q or Ctrl-C saves and quits.
 * Numeric and ordering answers are typed and sent with Enter. Exams show a countdown and are
 * submitted when time runs out.
 */
export class TerminalQuiz {
  private index: number;
  private cursor = 0;
  private ticked = new Set<string>();
  private typed = '';
  private feedback?: string;
  private done?: (s: SheetScore | undefined) => void;
  private timer?: NodeJS.Timeout;
  private result?: SheetScore;

  constructor(private readonly attempt: Attempt, private readonly bank: Pick<Bank, 'title' | 'domains' | 'exam'>, private readonly io: Io = { input: process.stdin, output: process.stdout }) {
    this.index = Math.min(attempt.record.cursor, attempt.questions.length - 1);
  }

  /** Runs until the learner finishes or quits; resolves with the score when finished, undefined when quit. */
  run(): Promise<SheetScore | undefined> {
    const { input } = this.io;
    readline.emitKeypressEvents(input);
    if (input.isTTY) input.setRawMode(true);
    input.resume();
    const onKey = (str: string | undefined, key: readline.Key | undefined) => this.key(str, key ?? {});
    input.on('keypress', onKey);
    if (this.attempt.mode === 'exam') this.timer = setInterval(() => (this.attempt.timedOut() ? this.finish() : this.drawHeaderOnly()), 1000);
    this.draw();
    return new Promise((resolve) => {
      this.done = (s) => {
        if (this.timer) clearInterval(this.timer);
        input.off('keypress', onKey);
        if (input.isTTY) input.setRawMode(false);
        input.pause();
        resolve(s);
      };
    });
  }

  private get q(): Question {
    return this.attempt.questions[this.index];
  }

  private write(s: string): void {
    this.io.output.write(s);
  }

  private header(): string {
    const n = this.attempt.questions.length;
    const answered = Object.keys(this.attempt.record.answers).length;
    const left = this.attempt.remainingMs();
    return `${bold(this.bank.title)}  ${this.attempt.mode}  question ${this.index + 1}/${n}  answered ${answered}` + (left === undefined ? '' : `  time left ${formatClock(left)}`);
  }

  private drawHeaderOnly(): void {
    this.write(`${ESC}s${ESC}H${ESC}2K${this.header()}${ESC}u`);
  }

  private draw(): void {
    if (this.result) return;
    const q = this.q;
    const out = [this.header(), '', `${dim(q.id)}  ${dim(q.difficulty)}`, plain(q.question), ''];
    const given = this.attempt.record.answers[q.id]?.answer;
    const keys = Object.keys(q.options ?? {});
    if (q.type === 'single' || q.type === 'multiple') {
      keys.forEach((k, i) => {
        const on = q.type === 'multiple' ? this.ticked.has(k) : false;
        const mark = q.type === 'multiple' ? (on ? '[x]' : '[ ]') : '( )';
        out.push(`${i === this.cursor ? '❯' : ' '} ${i + 1}. ${mark} ${k}) ${plain(q.options![k])}`);
      });
      out.push('', dim(q.type === 'multiple' ? 'space ticks, Enter answers' : 'Enter or 1–9 answers'));
    } else {
      if (q.type === 'ordering') for (const k of keys) out.push(`   ${k}) ${plain(q.options![k])}`);
      out.push('', `${q.type === 'ordering' ? 'order (e.g. ' + keys.join(' ') + ')' : 'answer' + (q.unit ? ` (${q.unit})` : '')}: ${this.typed}█`, dim('type, then Enter'));
    }
    if (given !== undefined && this.attempt.mode === 'exam') out.push(dim(`your answer: ${formatAnswer(q, given)}`));
    out.push(dim(this.attempt.mode === 'exam' ? '↑↓/jk move  ←→/pn question  f finish  q save and quit' : '↑↓/jk move  q save and quit'));
    if (this.feedback) out.push('', this.feedback, '', dim('press Enter for the next question'));
    this.write(clear + out.join('\n') + '\n');
  }

  private key(str: string | undefined, key: readline.Key): void {
    if (this.result) return;
    if ((key.ctrl && key.name === 'c') || (str === 'q' && !this.typing())) return this.quit();
    if (this.feedback) {
      if (key.name === 'return' || key.name === 'enter' || str === ' ') this.next();
      return;
    }
    const q = this.q;
    const keys = Object.keys(q.options ?? {});
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice && (key.name === 'down' || str === 'j')) this.cursor = Math.min(keys.length - 1, this.cursor + 1);
    else if (choice && (key.name === 'up' || str === 'k')) this.cursor = Math.max(0, this.cursor - 1);
    else if (this.attempt.mode === 'exam' && (key.name === 'right' || (str === 'n' && !this.typing()))) return this.move(1);
    else if (this.attempt.mode === 'exam' && (key.name === 'left' || (str === 'p' && !this.typing()))) return this.move(-1);
    else if (this.attempt.mode === 'exam' && str === 'f' && !this.typing()) return this.finish();
    else if (choice && str && /^[1-9]$/.test(str) && Number(str) <= keys.length) {
      this.cursor = Number(str) - 1;
      if (q.type === 'single') return this.submit(keys[this.cursor]);
      this.toggle(keys[this.cursor]);
    } else if (q.type === 'multiple' && str === ' ') this.toggle(keys[this.cursor]);
    else if (key.name === 'return' || key.name === 'enter') {
      if (q.type === 'single') return this.submit(keys[this.cursor]);
      if (q.type === 'multiple') return this.ticked.size ? this.submit([...this.ticked].sort()) : undefined;
      if (this.typed.trim()) return this.submit(parseAnswer(q, this.typed));
    } else if (!choice && key.name === 'backspace') this.typed = this.typed.slice(0, -1);
    else if (!choice && str && /^[\w.,$ -]$/.test(str)) this.typed += str;
    this.draw();
  }

  private typing(): boolean {
    return this.q.type === 'numeric' || this.q.type === 'ordering';
  }

  private toggle(k: string): void {
    if (this.ticked.has(k)) this.ticked.delete(k);
    else this.ticked.add(k);
  }

  private submit(a: Answer): void {
    let r;
    try {
      r = this.attempt.answer(this.q.id, a);
    } catch {
      return this.finish(); // time ran out between the last tick and this key
    }
    if (this.attempt.mode === 'exam') return this.next();
    this.feedback = feedbackText(this.q, a, r.correct, r.credit);
    this.draw();
  }

  private resetInput(): void {
    this.cursor = 0;
    this.ticked.clear();
    this.typed = '';
    this.feedback = undefined;
  }

  private move(d: number): void {
    const to = this.index + d;
    if (to < 0 || to >= this.attempt.questions.length) return this.draw();
    this.index = to;
    this.resetInput();
    this.draw();
  }

  private next(): void {
    this.resetInput();
    const qs = this.attempt.questions;
    // Exams go to the next unanswered question, wrapping; finishing needs every answer or `f`.
    for (let step = 1; step <= qs.length; step++) {
      const i = (this.index + step) % qs.length;
      if (this.attempt.mode === 'exam' ? !this.attempt.record.answers[qs[i].id] : i > this.index) {
        this.index = i;
        this.attempt.goTo(i);
        return this.draw();
      }
    }
    this.finish();
  }

  private finish(): void {
    this.result = this.attempt.finish(this.bank);
    this.write(clear + resultText(this.result, this.bank.title, this.attempt.questions) + '\n' + (this.result.results.some((r) => !r.correct) && this.attempt.record.bank !== 'cost' ? `\nGo through your mistakes with explanations: kit quiz --bank ${this.attempt.record.bank} --mode review\n` : ''));
    this.done?.(this.result);
  }

  private quit(): void {
    this.attempt.pause();
    this.write(`\nSaved. Resume with \`kit quiz --resume\`.\n`);
    this.done?.(undefined);
  }
}
