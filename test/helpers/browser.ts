import fs from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium (CI installs it); playwright-core never downloads a browser of its own. */
export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p));

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('No Chromium found: install it with `apt-get install chromium` (CI does).');
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the networking flags Chromium keeps dialling Google services this machine cannot reach.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
