// The status page at 1,000 fatal events, as the person on call first sees it: the real `run` process, Debian's
// Chromium (headless, playwright-core) at 1280x800. The first screen must hold the summary and the top codes;
// rows are grouped per code, compact, filterable by family, class and source, and expand to their recent events.
// The screenshot is what docs/status-page.png shows (written there when UPDATE_SCREENSHOT=1).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/cli/package-info.js';
import { describeWithTools, findTool } from '../deploy/describe-with-tools.js';
import { TestProcess } from '../e2e/support/child-process.js';
import { pollUntil } from '../e2e/support/poll.js';

const CLI = join(PACKAGE_ROOT, 'dist/cli/main.js');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DEADLINE_MS = 30_000;
/** Fatal aclnn codes and how many events of each: 1,000 in all, skewed like a real incident. */
const FATAL_MIX: readonly (readonly [string, number])[] = [
  ['161002', 400], ['561103', 250], ['161001', 150], ['361001', 80], ['561002', 50], ['561000', 30], ['561001', 20], ['561003', 12], ['561101', 8],
];
const BASE = Date.UTC(2026, 4, 24, 10, 0, 0);

/** A plog line with its own time stamp, `i` seconds after BASE (local time, as plog writes it: the exporter runs with TZ=UTC). */
function fatalLine(code: string, i: number): string {
  const d = new Date(BASE + i * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const ts = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.000.000`;
  return `[ERROR] ASCENDCL(24871,python3):${ts} [op_api.cpp:188]24902 NPU function error: call aclnnAddmm failed, error code is ${code} seq=${i}`;
}
const RETRYABLE_LINE = '2026-05-24T02:11:12.345Z WARN ocr-client response 429 {"error_code":"APIGW.0308","error_msg":"The request is sent too fast."}';

describeWithTools(['chromium'], 'status page with 1,000 fatal events in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-status-scale-'));
  const logFile = join(dir, 'app.log');
  let exporter: TestProcess | undefined;
  let url = '';
  let context: BrowserContext | undefined;
  let page: Page;
  const logs = (): string => exporter?.log() ?? '';
  const lines: string[] = [];

  beforeAll(async () => {
    writeFileSync(logFile, 'status page scale test start\n');
    exporter = new TestProcess('exporter', process.execPath, [CLI, 'run', '--watch', join(dir, '*.log'), '--web.listen-address', '127.0.0.1:0'], { env: { ...process.env, TZ: 'UTC' } });
    url = await pollUntil(() => /Serving metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(logs())?.[1], { timeoutMs: DEADLINE_MS, what: 'the exporter to listen', context: logs });
    await pollUntil(async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), { timeoutMs: DEADLINE_MS, what: 'the exporter to be ready', context: logs });
    // Interleaved, so every code's first and last stamps span the incident.
    const queue = FATAL_MIX.flatMap(([code, n]) => Array.from({ length: n }, (_, k) => ({ code, order: (k + 0.5) / n })));
    queue.sort((a, b) => a.order - b.order);
    queue.forEach((q, i) => lines.push(fatalLine(q.code, i)));
    appendFileSync(logFile, `${lines.join('\n')}\n${RETRYABLE_LINE}\n${RETRYABLE_LINE}\n`);
    context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
      executablePath: findTool('chromium') ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/`);
    await pollUntil(async () => ((await page.locator('#summary .card', { hasText: 'Fatal' }).locator('.value').textContent()) === '1,000' ? true : undefined), {
      timeoutMs: DEADLINE_MS, intervalMs: 250, what: '1,000 fatal events on the page', context: logs,
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await exporter?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('shows the summary and the top codes on the first 1280x800 screen, one compact row per code', async () => {
    const box = (selector: string): Promise<{ y: number; height: number } | null> => page.locator(selector).first().boundingBox();
    const summary = await box('#summary');
    expect(summary !== null && summary.y + summary.height <= 800).toBe(true);
    const rows = page.locator('#codes tbody tr.code-row');
    expect(await rows.count()).toBe(FATAL_MIX.length + 1);
    const top = await rows.evaluateAll((trs) => trs.map((tr) => {
      const r = (tr as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect();
      const cells = (tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells;
      return { code: cells[2].textContent, count: cells[4].textContent, bottom: r.bottom };
    }));
    expect(top.slice(0, FATAL_MIX.length).map((r) => [r.code, r.count])).toEqual(FATAL_MIX.map(([c, n]) => [c, n.toLocaleString('en-US')]));
    // The top five codes are on the first screen without scrolling.
    expect(top.slice(0, 5).filter((r) => r.bottom > 800)).toEqual([]);
    const height = await page.evaluate('document.documentElement.scrollHeight');
    process.stdout.write(`status page with 1,000 fatal events: ${String(height)} px tall at 1280x800\n`);
    const first = await rows.first().locator('td').allTextContents();
    // First and last as the log stamped them (line i carries BASE + i s), not when the exporter read them.
    const at = lines.flatMap((l, i) => (l.includes('error code is 161002 ') ? [i] : []));
    const stamp = (i: number): string => `${new Date(BASE + i * 1000).toISOString().slice(0, 19).replace('T', ' ')}Z`;
    expect(first[5]).toBe(`${stamp(at[0]).slice(0, 19)} \u2013 ${stamp(at[at.length - 1]).slice(11)}`);
    expect(first[8]).toBe(lines.filter((l) => l.includes('error code is 161002 ')).at(-1));
    // The temp directory's paths are masked: the committed picture names nothing of the machine that took it.
    await page.screenshot({
      path: process.env.UPDATE_SCREENSHOT === '1' ? join(PACKAGE_ROOT, 'docs/status-page.png') : join(dir, 'status-page.png'),
      mask: [page.locator('#inputs td.path'), page.locator('#files td.path')],
    });
    // Nothing of the row is cut off to the right at this width: the table fits the page.
    expect(await page.evaluate("document.querySelector('#codes').getBoundingClientRect().right <= document.documentElement.clientWidth")).toBe(true);
  });

  it('filters by family, class and source', async () => {
    const shown = async (): Promise<string[]> => page.locator('#codes tbody tr.code-row td:nth-child(3)').allTextContents();
    await page.selectOption('#filter-family', 'huawei-cloud');
    expect(await shown()).toEqual(['APIG.0308']);
    await page.selectOption('#filter-family', '');
    await page.selectOption('#filter-class', 'retryable');
    expect(await shown()).toEqual(['APIG.0308']);
    await page.selectOption('#filter-class', 'fatal');
    expect((await shown()).length).toBe(FATAL_MIX.length);
    await page.selectOption('#filter-source', 'files');
    expect((await shown()).length).toBe(FATAL_MIX.length);
    expect(await page.locator('#codes-count').textContent()).toBe(`(${FATAL_MIX.length} of ${FATAL_MIX.length + 1} shown)`);
    await page.selectOption('#filter-class', '');
    await page.selectOption('#filter-source', '');
  });

  it('expands a code to its recent events, newest first, and opens one from a ?family=&code= link', async () => {
    await page.locator('#codes tbody tr.code-row', { hasText: '561103' }).click();
    const samples = await page.locator('#codes tbody tr.detail pre.sample').allTextContents();
    expect(samples).toEqual(lines.filter((l) => l.includes('error code is 561103 ')).slice(-5).reverse());
    const linked = await (context as BrowserContext).newPage();
    await linked.goto(`${url}/?family=aclnn&code=361001`);
    await pollUntil(async () => ((await linked.locator('#codes tbody tr.detail').count()) === 1 ? true : undefined), { timeoutMs: DEADLINE_MS, what: 'the linked code expanded' });
    expect(await linked.locator('#filter-family').inputValue()).toBe('aclnn');
    expect(await linked.locator('#codes tbody tr.detail pre.sample').count()).toBe(5);
    await linked.close();
  });
});
