import fs from 'node:fs';

/** Debian's Chromium, which the browser tests drive with playwright-core (it never downloads one). */
export const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | undefined {
  return chromiumCandidates.find((p) => fs.existsSync(p));
}
