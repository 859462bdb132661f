import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { kitBackground, tempHome } from '../helpers/kit';

// A learner's first minute: open the Jupyter that `kit start` printed, open 00-welcome, run all
// cells, and see the readiness table and the first chart.
const home = tempHome('kit-browser-');
const env = { KIT_HOME: home, JUPYTER_DATA_DIR: path.join(home, 'jupyter-data'), DISPLAY: '' };
const scratch = path.join(home, 'screenshots');
let stopKit: (() => Promise<unknown>) | undefined;
afterAll(async () => {
  await stopKit?.();
  // keep the screenshot folder's parent for inspection only when asked
  if (!process.env.KIT_KEEP_SCRATCH) fs.rmSync(home, { recursive: true, force: true });
});

describe('00-welcome in a browser', () => {
  it('runs all cells in the Jupyter started by kit start and shows the table and the chart', async () => {
    const run = kitBackground(['start', '--cluster-port', '0', '--sqs-port', '0'], env, /Stop: press Ctrl-C/);
    stopKit = async () => {
      run.child.kill('SIGINT');
      await run.exited;
    };
    const out = await run.started;
    const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\/(tree|lab)\?token=([0-9a-f]+)/)!;
    const [, port, app, token] = m;
    const lab = app === 'lab';
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const nbUrl = lab ? `http://127.0.0.1:${port}/lab/tree/00-welcome.ipynb?token=${token}` : `http://127.0.0.1:${port}/notebooks/00-welcome.ipynb?token=${token}`;
      await page.goto(nbUrl);
      if (lab) {
        await page.waitForSelector('.jp-Notebook', { timeout: 60_000 });
        await page.waitForSelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', { timeout: 60_000 }).catch(() => undefined);
        await page.click('text=Run', { timeout: 10_000 });
        await page.click('text=Run All Cells', { timeout: 10_000 });
      } else {
        await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.(), undefined, { timeout: 60_000 });
        // Cell → Run All, as a learner would choose it from the menu.
        await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
      }
      const output = lab ? '.jp-OutputArea-output' : '.output_subarea';
      const chart = page.locator(`${output} .kit-chart svg`).first();
      await chart.waitFor({ state: 'visible', timeout: 90_000 });
      const readinessTable = page.locator(`${output} table.kit-table`, { hasText: 'What is ready' }).first();
      await readinessTable.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await readinessTable.textContent()).toContain('kit kernel');
      expect(await readinessTable.textContent()).toMatch(/embedded cluster.*ready.*https:\/\/127\.0\.0\.1/);
      expect(await chart.textContent()).toContain('throughput (messages/s)');
      expect(await page.locator(`${output}`, { hasText: 'Cannot find module' }).count()).toBe(0);
      fs.mkdirSync(scratch, { recursive: true });
      const shot = path.join(scratch, '00-welcome.png');
      await chart.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      if (process.env.KIT_KEEP_SCRATCH) console.log(`screenshot: ${shot}`);
    } finally {
      await browser.close();
    }
  });
});
