import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attempt, loadProgress } from '../../src/quiz';
import { FIXTURES } from './helpers';
import { KEYS, PtySession } from './pty';

const ROOT = path.resolve(__dirname, '..', '..');
const env = () => ({ KIT_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'kit-quiz-e2e-')), KIT_QUIZ_DIR: FIXTURES });

/** The keys that answer each fixture question correctly. */
const RIGHT: Record<string, string[]> = {
  'demo-basics-001': ['1'],
  'demo-basics-002': [' ', 'j', 'j', ' ', KEYS.enter],
  'demo-basics-003': ['0', '.', '2', '5', KEYS.enter],
  'demo-basics-004': ['b', ' ', 'c', ' ', 'a', KEYS.enter],
  'demo-basics-005': ['j', KEYS.enter],
};

function currentId(s: PtySession): string {
  const ids = [...s.screen.matchAll(/demo-basics-00\d/g)];
  return ids[ids.length - 1][0];
}

async function answerCurrent(s: PtySession, keys = RIGHT[currentId(s)]): Promise<void> {
  for (const k of keys) await s.send(k);
}

describe('terminal quiz under a pseudo-terminal', () => {
  it('practice: keys pick answers, feedback and explanations show at once, the result has a per-domain breakdown', async () => {
    const s = new PtySession('quiz --bank demo --count 5', env());
    await s.waitFor('Which phase gives visibility');
    await s.send('2'); // b: wrong
    await s.waitFor('✗ Not quite.');
    expect(s.screen).toContain('b: Optimize acts on what Inform shows.');
    expect(s.screen).toContain('Inform builds visibility and allocation.');
    await s.send(KEYS.enter);
    await s.waitFor('lower the rate paid');
    await answerCurrent(s);
    await s.waitFor('✓ Right.');
    await s.send(KEYS.enter);
    await s.waitFor('cost per 1,000 messages?');
    await answerCurrent(s);
    await s.waitFor(/✓ Right\.[\s\S]*12 \/ 48,000/);
    await s.send(KEYS.enter);
    await s.waitFor('Put the phases in the order');
    await answerCurrent(s);
    await s.send(KEYS.enter);
    await s.waitFor('Who usually owns the forecast');
    await s.send(KEYS.down);
    await s.send(KEYS.up);
    await answerCurrent(s);
    await s.send(KEYS.enter);
    await s.waitFor('Demo bank (test fixture): 80 %');
    expect(s.screen).toMatch(/Inform\s+66\.67 %\s+\(2\/3\)/);
    expect(s.screen).toMatch(/Optimize\s+100 %\s+\(2\/2\)/);
    expect(await s.exit()).toBe(0);
  });

  it('exam: countdown, no feedback until the end; killed mid-exam it resumes with the answers and the time left', async () => {
    const e = env();
    const s = new PtySession('quiz --bank demo --mode exam --seed 3', e);
    await s.waitFor(/time left 10:00|time left 9:5\d/);
    await s.waitFor(/time left 9:5\d/); // the clock ticks
    await answerCurrent(s);
    await s.waitFor('answered 1');
    await answerCurrent(s);
    await s.waitFor('answered 2');
    expect(s.text).not.toContain('Right.');
    process.kill(s.nodePid(), 'SIGKILL');
    await s.exit();

    // Both finished answers survived the kill.
    const file = path.join(e.KIT_HOME, 'quiz', 'progress.json');
    const saved = loadProgress(file).attempts[0];
    expect(Object.keys(saved.answers)).toHaveLength(2);
    expect(Object.values(saved.answers).every((a) => a.correct)).toBe(true);
    const left = Attempt.resume({ file }).remainingMs()!;
    expect(left).toBeLessThan(10 * 60_000);
    expect(left).toBeGreaterThan(9 * 60_000);

    const r = new PtySession('quiz --resume', e);
    await r.waitFor('answered 2');
    expect(r.screen).toMatch(/time left 9:\d\d/);
    await answerCurrent(r);
    await r.waitFor('answered 3');
    const last = currentId(r); // answer the last one wrongly: 3 of 4 = 75 %, exactly the pass mark
    await answerCurrent(r, last === 'demo-basics-001' ? ['2'] : last === 'demo-basics-005' ? ['1'] : last === 'demo-basics-003' ? ['9', KEYS.enter] : last === 'demo-basics-004' ? ['a', ' ', 'b', ' ', 'c', KEYS.enter] : ['j', ' ', KEYS.enter]);
    await r.waitFor('Demo bank (test fixture): 75 %  PASS (pass mark 75 %)');
    expect(r.screen).toContain('4 of 4 answered');
    expect(await r.exit()).toBe(0);
  });

  it('q saves and quits; the interactive quiz refuses to run without a terminal', async () => {
    const s = new PtySession('quiz --bank demo', env());
    await s.waitFor('Which phase gives visibility');
    await s.send('q');
    await s.waitFor('Saved. Resume with `kit quiz --resume`.');
    expect(await s.exit()).toBe(0);
    const p = spawnSync(process.execPath, ['bin/kit.js', 'quiz', '--bank', 'demo'], { cwd: ROOT, env: { ...process.env, ...env() }, input: '' });
    expect(p.status).toBe(2);
    expect(p.stderr.toString()).toContain('kit: the interactive quiz needs a terminal');
  });
});
