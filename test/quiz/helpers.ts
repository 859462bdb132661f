import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, 'fixtures', 'banks');

/** A temp copy of the fixture banks, to break on purpose. */
export function tempBanks(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-quiz-'));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

export function tempFile(name = 'progress.json'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-quiz-home-')), 'quiz', name);
}
