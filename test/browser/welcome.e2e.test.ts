import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { kitBackground, tempHome } from '../helpers/kit';

// A learner's first minutes: open the Jupyter that `kit start` printed, run notebooks, and see
// what they show. Screenshots go to the test's scratch folder (KIT_KEEP_SCRATCH=1 keeps it).
const home = tempHome('kit-browser-');
const env = { KIT_HOME: home, JUPYTER_DATA_DIR: path.join(home, 'jupyter-data'), DISPLAY: '' };
const scratch = path.join(home, 'screenshots');
let run: ReturnType<typeof kitBackground>;
let browser: Browser;
let base: { port: string; lab: boolean; token: string };

beforeAll(async () => {
  run = kitBackground(['start', '--cluster-port', '0', '--sqs-port', '0'], env, /Stop: press Ctrl-C/);
  const out = await run.started;
  const [, port, app, token] = out.match(/http:\/\/127\.0\.0\.1:(\d+)\/(tree|lab)\?token=([0-9a-f]+)/)!;
  base = { port, lab: app === 'lab', token };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  run?.child.kill('SIGINT');
  await run?.exited;
  if (process.env.KIT_KEEP_SCRATCH) console.log(`screenshots: ${scratch}`);
  else fs.rmSync(home, { recursive: true, force: true });
});

const outputSel = () => (base.lab ? '.jp-OutputArea-output' : '.output_subarea');

/** Opens a notebook and runs all its cells, as a learner would from the Run menu. */
async function openAndRunAll(notebook: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const { port, token, lab } = base;
  await page.goto(lab ? `http://127.0.0.1:${port}/lab/tree/${notebook}?token=${token}` : `http://127.0.0.1:${port}/notebooks/${notebook}?token=${token}`);
  if (lab) {
    await page.waitForSelector('.jp-Notebook', { timeout: 60_000 });
    await page.click('text=Run', { timeout: 10_000 });
    await page.click('text=Run All Cells', { timeout: 10_000 });
  } else {
    await page.waitForFunction(() => (globalThis as any).Jupyter?.notebook?.kernel?.is_connected?.(), undefined, { timeout: 60_000 });
    await page.evaluate(() => (globalThis as any).Jupyter.notebook.execute_all_cells());
  }
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(scratch, { recursive: true });
  const shot = path.join(scratch, name);
  await page.screenshot({ path: shot, fullPage: true });
  expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
}

describe('notebooks in a browser, in the Jupyter that kit start runs', () => {
  it('00-welcome: runs all cells and shows the readiness table and the chart', async () => {
    const page = await openAndRunAll('00-welcome.ipynb');
    const chart = page.locator(`${outputSel()} .kit-chart svg`).first();
    await chart.waitFor({ state: 'visible', timeout: 90_000 });
    const readinessTable = page.locator(`${outputSel()} table.kit-table`, { hasText: 'What is ready' }).first();
    await readinessTable.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await readinessTable.textContent()).toContain('kit kernel');
    expect(await readinessTable.textContent()).toMatch(/embedded cluster.*ready.*https:\/\/127\.0\.0\.1/);
    expect(await chart.textContent()).toContain('throughput (messages/s)');
    expect(await page.locator(outputSel(), { hasText: 'Cannot find module' }).count()).toBe(0);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, '00-welcome.png');
  });

  it('07-finops-quiz: clicking an answer in the quiz widget shows feedback', async () => {
    const page = await openAndRunAll('07-finops-quiz.ipynb');
    const widget = page.locator(`${outputSel()} .kit-quiz`).first();
    await widget.waitFor({ state: 'visible', timeout: 90_000 });
    const feedback = widget.locator('.kit-quiz-feedback');
    expect(await feedback.isVisible()).toBe(false);
    await widget.locator('input[type="radio"]').first().check();
    await feedback.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await feedback.textContent()).toMatch(/✓ Right\.|✗ Not quite\./);
    expect(await feedback.textContent()).toContain('Source:');
    await widget.scrollIntoViewIfNeeded();
    await screenshot(page, '07-finops-quiz.png');
  });
});
