import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import path from 'node:path';
import { generateQuestion, loadBank, widgetHtml } from '../../src/quiz';
import { FIXTURES } from './helpers';

const { bank } = loadBank(path.join(FIXTURES, 'demo'));
const q = (n: number) => bank!.questions.find((x) => x.id === `demo-basics-00${n}`)!;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** Loads widgets into a page as a notebook output would hold them (an HTML fragment with its inline script). */
async function load(...html: string[]): Promise<void> {
  await page.setContent(`<!doctype html><meta charset="utf-8"><body>${html.join('\n')}</body>`);
}

describe('quiz widget in headless Chromium', () => {
  it('without its script (an untrusted notebook) it says how to make it work', async () => {
    await page.setContent(`<!doctype html><meta charset="utf-8"><body>${widgetHtml(q(1), 'u').replace(/<script>[\s\S]*<\/script>/, '')}</body>`);
    expect(await page.locator('#u .kit-quiz-inert').innerText()).toContain('the notebook is not trusted yet: run the cell again');
  });

  it('works when the output is rendered detached and attached later (as JupyterLab does)', async () => {
    await page.setContent('<!doctype html><meta charset="utf-8"><body><div id="out"></div></body>');
    // Render into a detached node, then attach it, as an output area does; the script runs on attach.
    // (Browser code as a string: the test project is typed without the DOM library.)
    await page.evaluate(`(() => {
      const host = document.createElement('div');
      host.innerHTML = ${JSON.stringify(widgetHtml(q(5), 'late'))};
      for (const old of Array.from(host.querySelectorAll('script'))) {
        const s = document.createElement('script');
        s.textContent = old.textContent;
        old.replaceWith(s);
      }
      document.getElementById('out').appendChild(host);
    })()`);
    await page.locator('#late label', { hasText: 'Finance' }).click();
    expect(await page.locator('#late .kit-quiz-verdict').innerText()).toBe('✓ Right.');
  });

  it('clicking a wrong option shows why it is wrong, the answer and the explanation', async () => {
    await load(widgetHtml(q(1), 'w1'));
    const fb = page.locator('#w1 .kit-quiz-feedback');
    expect(await fb.isVisible()).toBe(false);
    expect(await page.locator('#w1 .kit-quiz-inert').isVisible()).toBe(false); // the script ran, so no "not trusted" hint
    await page.locator('#w1 label', { hasText: 'Optimize' }).click();
    await fb.waitFor({ state: 'visible' });
    const text = await fb.innerText();
    expect(text).toContain('✗ Not quite. The answer is a.');
    expect(text).toContain('b: Optimize acts on what Inform shows.');
    expect(await fb.locator('em').innerText()).toBe('Inform'); // the explanation is rendered Markdown
    expect(await page.locator('#w1').getAttribute('data-result')).toBe('wrong');
  });

  it('clicking the right option says so; two widgets on a page work independently', async () => {
    await load(widgetHtml(q(1), 'wa'), widgetHtml(q(5), 'wb'));
    await page.locator('#wa label', { hasText: 'Inform' }).click();
    await page.locator('#wb label', { hasText: 'Finance' }).click();
    expect(await page.locator('#wa .kit-quiz-verdict').innerText()).toBe('✓ Right.');
    expect(await page.locator('#wb .kit-quiz-verdict').innerText()).toBe('✓ Right.');
  });

  it('multiple choice shows partial credit; numeric and ordering take typed answers', async () => {
    await load(widgetHtml(q(2), 'm'), widgetHtml(q(3), 'n'), widgetHtml(q(4), 'o'));
    await page.locator('#m input[value=a]').check();
    await page.locator('#m button').click();
    expect(await page.locator('#m .kit-quiz-verdict').innerText()).toBe('◐ Partly right (50 % credit). The answer is a, c.');
    await page.locator('#n input').fill('$0.25');
    await page.locator('#n button').click();
    expect(await page.locator('#n .kit-quiz-verdict').innerText()).toBe('✓ Right.');
    await page.locator('#o input').fill('c, b, a');
    await page.locator('#o button').click();
    expect(await page.locator('#o .kit-quiz-verdict').innerText()).toBe('✗ Not quite. The answer is b → c → a.');
  });

  it('a generated cost question checks its computed answer', async () => {
    const g = generateQuestion('fargate-cost', 11);
    await load(widgetHtml(g, 'g'));
    await page.locator('#g input').fill(String(g.answer));
    await page.locator('#g button').click();
    expect(await page.locator('#g .kit-quiz-verdict').innerText()).toBe('✓ Right.');
  });
});
