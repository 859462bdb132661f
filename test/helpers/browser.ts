import { Browser, chromium } from 'playwright-core';
import { findChromium } from '../../src/jupyter/chromium';

/** Debian's Chromium (`kit setup --test` installs it); playwright-core never downloads a browser of its own. */
export const chromiumPath = findChromium();

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('No Chromium found: install it with `apt-get install chromium` (CI does).');
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the networking flags Chromium keeps dialling Google services this machine cannot reach.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
