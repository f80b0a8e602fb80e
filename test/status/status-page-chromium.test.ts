// The status page as a person sees it: the real `run` process tailing a temp log, Debian's Chromium (headless,
// driven by playwright-core) loading `/`. Checks the inputs table, a fatal code row with name and remedy, the
// last fatal event's sample, that markup in a log line stays text (nothing injected, nothing executed), that
// the page updates itself without reloading, that --no-status-samples keeps line text off the page, and that
// a failed rules reload is listed with its position.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR, PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { loadCatalogs } from '../../src/catalog/load-catalogs.js';
import type { StatusSnapshot } from '../../src/status/status-types.js';
import { describeWithTools, findTool } from '../deploy/describe-with-tools.js';
import { TestProcess } from '../e2e/support/child-process.js';
import { pollUntil } from '../e2e/support/poll.js';

const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const HOSTILE = '<script>alert(1)</script><img src=x onerror="window.__pwned=1">';
const FATAL_LINE = `[ERROR] ASCENDCL(24871,python3):2026-05-24-10:11:12.345.678 [op_api.cpp:188]24902 NPU function error: call aclnnAddmm failed, error code is 161002 ${HOSTILE}`;
const RETRYABLE_LINE = '2026-05-24T02:11:12.345Z WARN ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}';
const SECRET_LINE = '[ERROR] ASCENDCL(1,python3):2026-05-24-10:11:12.345.678 [op_api.cpp:188]2 NPU function error: call aclnnAdd failed, error code is 161002 token=Zm9vYmFyc2VjcmV0';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DEADLINE_MS = 20_000;

/** `run` on a temp log with the status page on a port the OS picked; resolves once it is ready. */
async function startExporter(dir: string, extraArgs: readonly string[] = []): Promise<{ process: TestProcess; url: string }> {
  const proc = new TestProcess('exporter', process.execPath, [CLI, 'run', '--watch', join(dir, '*.log'), '--web.listen-address', '127.0.0.1:0', ...extraArgs]);
  const url = await pollUntil(() => /Serving metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(proc.log())?.[1], { timeoutMs: DEADLINE_MS, what: 'the exporter to listen', context: () => proc.log() });
  await pollUntil(async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), { timeoutMs: DEADLINE_MS, what: 'the exporter to be ready', context: () => proc.log() });
  return { process: proc, url };
}

describeWithTools(['chromium'], 'status page in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-status-'));
  const logFile = join(dir, 'app.log');
  let exporter: { process: TestProcess; url: string } | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const logs = (): string => exporter?.process.log() ?? '';

  beforeAll(async () => {
    writeFileSync(logFile, 'status page test start\n');
    exporter = await startExporter(dir);
    context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
      executablePath: findTool('chromium') ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Every CSP violation the page causes is kept: an injected element or a blocked inline handler shows up here.
    // (Browser-side code is passed as strings: the project's TypeScript has no DOM types.)
    await page.addInitScript({
      content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${exporter.url}/`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await exporter?.process.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** Polls the page until `check` returns a value (the page refreshes itself every few seconds). */
  const waitOnPage = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> =>
    pollUntil(check, { timeoutMs: DEADLINE_MS, intervalMs: 250, what, context: logs });

  it('shows the followed file and its offset, then a fatal code with its name and remedy, and the fatal line as text', async () => {
    await waitOnPage('the file row at its start offset', async () => {
      const row = page.locator('#files tbody tr', { hasText: logFile });
      return (await row.count()) === 1 && (await row.locator('td').nth(2).textContent()) === '23' ? true : undefined;
    });
    await page.evaluate('window.__sameDocument = true');

    appendFileSync(logFile, `${FATAL_LINE}\n${RETRYABLE_LINE}\n${RETRYABLE_LINE}\n${RETRYABLE_LINE}\n`);
    const size = statSync(logFile).size;
    const fileRow = await waitOnPage(`the file row at offset ${size}`, async () => {
      const cells = await page.locator('#files tbody tr', { hasText: logFile }).locator('td').allTextContents();
      return cells[2] === size.toLocaleString('en-US') ? cells : undefined;
    });
    expect(fileRow.slice(0, 6)).toEqual(['files', logFile, size.toLocaleString('en-US'), '5', size.toLocaleString('en-US'), '0 B']);
    expect(fileRow[6]).toMatch(/^\d+ s ago$/);
    const inputRow = await page.locator('#inputs tbody tr').first().locator('td').allTextContents();
    expect(inputRow.slice(0, 4)).toEqual(['files', join(dir, '*.log'), '1', '4']);

    const entry = loadCatalogs(DEFAULT_CATALOG_DIR).lookup('aclnn', '161002');
    if (entry === undefined) throw new Error('aclnn 161002 is missing from the bundled catalog');
    const codeRow = await waitOnPage('the fatal code row', async () => {
      const row = page.locator('#codes tbody tr.class-fatal', { hasText: '161002' });
      return (await row.count()) === 1 ? row.locator('td').allTextContents() : undefined;
    });
    expect([codeRow[0], codeRow[1], codeRow[2], codeRow[3], codeRow[4], codeRow[6], codeRow[7], codeRow[8]]).toEqual(['\u25B8fatal', 'aclnn', '161002', 'ACLNN_ERR_PARAM_INVALID', '1', entry.message.en, entry.remedy.en, FATAL_LINE]);
    // Logged at 2026-05-24-10:11:12 (plog writes local time; the exporter reads it in its own time zone).
    expect(codeRow[5]).toMatch(/^2026-05-2[345] \d\d:\d1:12Z$/);
    expect(await page.evaluate("getComputedStyle(document.querySelector('#codes tbody tr.class-fatal .badge')).backgroundColor")).toBe('rgb(180, 35, 24)');

    await page.locator('#codes tbody tr.class-fatal', { hasText: '161002' }).click();
    const detail = page.locator('#codes tbody tr.detail');
    expect(await detail.locator('pre.sample').allTextContents()).toEqual([FATAL_LINE]);
    expect(await detail.locator('.detail-text').allTextContents()).toEqual([`Meaning: ${entry.message.en}`, `Remedy: ${entry.remedy.en}`, expect.stringMatching(/^Sources: files · first read \d+ s ago, last read \d+ s ago $/)]);
    expect(await page.locator('#summary .card.bad .value').first().textContent()).toBe('1');
    expect(await page.locator('#reloads tbody td.empty').textContent()).toBe('No reloads since start (SIGHUP, or a changed rules, catalog or config file, reloads).');
    expect(await page.locator('#restart-required').isHidden()).toBe(true);

  });

  it('runs nothing from the log line: no injected element, no script, no dialog, no CSP violation, no other origin', async () => {
    const seen = await page.evaluate(`({
      pwned: typeof window.__pwned,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      inSample: document.querySelectorAll('pre.sample *').length,
      csp: window.__csp,
      sameDocument: window.__sameDocument === true,
      navigations: performance.getEntriesByType('navigation').length,
      htmlSinkRefused: (() => {
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
          return false;
        } catch {
          return true;
        }
      })(),
    })`);
    expect(seen).toEqual({ pwned: 'undefined', images: 0, scripts: 1, inSample: 0, csp: [], sameDocument: true, navigations: 1, htmlSinkRefused: true });
    expect(dialogs).toEqual([]);
    const origin = new URL(exporter?.url ?? '').origin;
    expect(requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(new Set(requests.map((u) => new URL(u).pathname))).toEqual(new Set(['/', '/api/status']));
  });

  it('sorts a table by a clicked column and keeps that order across refreshes', async () => {
    const header = page.locator('#codes thead th[data-key="count"] button');
    await header.click();
    expect(await page.locator('#codes thead th[data-key="count"]').getAttribute('aria-sort')).toBe('descending');
    const refreshes = Number(await page.locator('html').getAttribute('data-refreshes'));
    await waitOnPage('another refresh', async () => (Number(await page.locator('html').getAttribute('data-refreshes')) > refreshes ? true : undefined));
    const codes = await page.locator('#codes tbody tr td:nth-child(3)').allTextContents();
    const counts = await page.locator('#codes tbody tr td:nth-child(5)').allTextContents();
    expect([codes, counts]).toEqual([['APIG.0308', '161002'], ['3', '1']]);
  });

  it('with --no-status-samples serves and shows no line text at all', async () => {
    const quiet = mkdtempSync(join(dir, 'quiet-'));
    writeFileSync(join(quiet, 'secret.log'), 'start\n');
    const other = await startExporter(quiet, ['--no-status-samples']);
    try {
      appendFileSync(join(quiet, 'secret.log'), `${SECRET_LINE}\n`);
      const text = await pollUntil(async () => {
        const res = await fetch(`${other.url}/api/status`);
        const body = await res.text();
        return (JSON.parse(body) as StatusSnapshot).fatalEvents.length === 1 ? body : undefined;
      }, { timeoutMs: DEADLINE_MS, what: 'the fatal event in /api/status', context: () => other.process.log() });
      const snapshot = JSON.parse(text) as StatusSnapshot;
      expect([snapshot.samples, Object.keys(snapshot.fatalEvents[0]).sort()]).toEqual([false, ['at', 'code', 'family', 'lineNo', 'name', 'path', 'source', 'timestamp']]);
      expect(text).not.toContain('Zm9vYmFyc2VjcmV0');
      expect(text).not.toContain('aclnnAdd');

      const quietPage = await (context as BrowserContext).newPage();
      await quietPage.goto(`${other.url}/`);
      await pollUntil(async () => ((await quietPage.locator('#codes tbody tr.code-row').count()) === 1 ? true : undefined), { timeoutMs: DEADLINE_MS, what: 'the fatal code on the page' });
      await quietPage.locator('#codes tbody tr.code-row').click();
      expect([await quietPage.locator('#codes tbody tr.detail').count(), await quietPage.locator('pre.sample').count(), await quietPage.locator('#samples-off').isVisible()]).toEqual([1, 0, true]);
      expect(await quietPage.locator('#codes tbody tr.code-row td').nth(8).textContent()).toMatch(/^files \S+secret\.log:2$/);
      expect(await quietPage.locator('body').textContent()).not.toContain('Zm9vYmFyc2VjcmV0');
      await quietPage.close();
    } finally {
      await other.process.stop();
    }
  }, 60_000);

  it('lists a failed rules reload with its position, then the one that fixed it, as a person sees them', async () => {
    const sandbox = mkdtempSync(join(dir, 'reload-'));
    const rules = join(sandbox, 'rules');
    cpSync(join(PACKAGE_ROOT, 'rules'), rules, { recursive: true });
    writeFileSync(join(sandbox, 'app.log'), 'start\n');
    const other = await startExporter(sandbox, ['--rules', rules]);
    const rulesFile = join(rules, 'aclnn.yaml');
    const good = readFileSync(rulesFile, 'utf8');
    try {
      const reloadPage = await (context as BrowserContext).newPage();
      await reloadPage.goto(`${other.url}/`);
      writeFileSync(`${rulesFile}.tmp`, good.replace('"ACLNN_"]', '"ACLNN_"'));
      renameSync(`${rulesFile}.tmp`, rulesFile);
      const failed = await pollUntil(async () => {
        const cells = await reloadPage.locator('#reloads tbody tr').first().locator('td').allTextContents();
        return cells[3] === 'failed, previous kept' ? cells : undefined;
      }, { timeoutMs: DEADLINE_MS, what: 'the failed reload on the page', context: () => other.process.log() });
      expect([failed[1], failed[2]]).toEqual(['rules', 'file changed']);
      expect(failed[4]).toMatch(new RegExp(`^${rulesFile.replace(/[.\\/]/g, '\\$&')}:15:5 YAML: `));
      expect(await reloadPage.locator('#summary .card', { hasText: 'Rules & catalogs' }).locator('.value').textContent()).toBe('reload failed');

      writeFileSync(`${rulesFile}.tmp`, good);
      renameSync(`${rulesFile}.tmp`, rulesFile);
      const results = await pollUntil(async () => {
        const col = await reloadPage.locator('#reloads tbody tr td:nth-child(4)').allTextContents();
        return col.length === 2 ? col : undefined;
      }, { timeoutMs: DEADLINE_MS, what: 'the second reload on the page', context: () => other.process.log() });
      expect(results).toEqual(['applied', 'failed, previous kept']);
      await reloadPage.close();
    } finally {
      await other.process.stop();
    }
  }, 60_000);
});
