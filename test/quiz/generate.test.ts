import { describe, expect, it } from 'vitest';
import { COST_KINDS, generateQuestion, generateQuestions, questionFromId, scoreAnswer } from '../../src/quiz';
import { compareSavingsPlan, estimateSqsCost, fargateCombinations, fargatePodSize } from '../../src/finops';

describe('generated cost questions', () => {
  it('the same seed gives the same question; another seed another one', () => {
    for (const kind of COST_KINDS) {
      expect(generateQuestion(kind, 123)).toEqual(generateQuestion(kind, 123));
      const texts = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => generateQuestion(kind, s).question + JSON.stringify(generateQuestion(kind, s).options)));
      expect(texts.size).toBeGreaterThan(1);
    }
  });
  it('rebuilds a question from its id', () => {
    const q = generateQuestion('sqs', 99);
    expect(q.id).toBe('cost-sqs-99');
    expect(questionFromId('cost-sqs-99')).toEqual(q);
    expect(questionFromId('focp-lifecycle-001')).toBeUndefined();
    expect(() => questionFromId('cost-bogus-1')).toThrow(/unknown cost question kind/);
  });
  it('every generated question is well formed and its own answer scores 100 %', () => {
    for (const q of generateQuestions(60, 2026)) {
      expect(scoreAnswer(q, q.answer).credit).toBe(1);
      expect(q.explanation.length).toBeGreaterThan(40);
      if (q.type === 'single') {
        const keys = Object.keys(q.options!);
        expect(keys.length).toBeGreaterThanOrEqual(3);
        expect(new Set(Object.values(q.options!)).size).toBe(keys.length);
        expect(Object.keys(q.wrong!).sort()).toEqual(keys.filter((k) => k !== q.answer));
      }
    }
  });
  it('answers come from src/finops', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const size = generateQuestion('fargate-size', seed);
      const m = /requesting \*\*([\d.]+) vCPU\*\* and \*\*([\d.]+) GiB/.exec(size.question)!;
      const want = fargatePodSize([{ vcpu: Number(m[1]), memoryMiB: Number(m[2]) * 1024 }]);
      expect(size.options![size.answer as string]).toBe(`${want.vcpu} vCPU / ${want.memoryGb} GB`);
      const supported = new Set(fargateCombinations.map((c) => `${c.vcpu} vCPU / ${c.memoryGb} GB`));
      for (const o of Object.values(size.options!)) expect(supported.has(o), o).toBe(true); // wrong options are real sizes too

      const sqs = generateQuestion('sqs', seed);
      const s = /\*\*([\d,]+)\*\* messages of \*\*(\d+) KB\*\* to an SQS (FIFO|standard) queue (in batches of (\d+)|one at a time)/.exec(sqs.question)!;
      const c = estimateSqsCost({ messages: Number(s[1].replace(/,/g, '')), bodyBytes: Number(s[2]) * 1024, batchSize: s[5] ? Number(s[5]) : 1, fifo: s[3] === 'FIFO', freeTierRemaining: sqs.question.includes('still unused') ? 1e6 : 0 });
      expect(sqs.answer).toBeCloseTo(c.usd, 6);

      const sp = generateQuestion('savings-plan', seed);
      const p = /\*\*(\d+) × ([\w.]+)\*\*.*\*\*(\d+) hours\*\*.*\*\*\$([\d.]+)\/h\*\* at a \*\*(\d+) %\*\*/.exec(sp.question)!;
      const r = compareSavingsPlan({ instanceType: p[2], count: Number(p[1]), hoursPerMonth: Number(p[3]), commitmentPerHour: Number(p[4]), discountRate: Number(p[5]) / 100, termYears: 1 });
      expect(sp.answer).toBeCloseTo(r.savingsPerMonth, 3);
    }
  });
});
