import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../../web/build';
import { listenWeb, type WebConfig } from '../../../web/serve';
import { startFederation, type Federation } from '../../helpers/federation';
import { CONSUMERS } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

// Issue 16: the neighbourhood page in a real browser (Debian's chromium driven by playwright-core),
// on its own origin, with a consumer that may run trusted documents only, as in production.
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);
// Where none can be had (no /usr/bin/chromium; .ci/run installs it with apt-get), say so instead of failing.
const describeWithBrowser = CHROMIUM ? describe : describe.skip;
if (!CHROMIUM)
  process.stderr.write(
    'tests/e2e/web skipped: no Chromium at /usr/bin/chromium or CHROMIUM_PATH (apt-get install -y chromium)\n',
  );
// Screenshots for the README go to docs/screenshots when SCREENSHOT_DIR says so; otherwise to a temporary folder.
const SHOTS = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'buurtprofiel-shots-'));

jest.setTimeout(180_000);

describeWithBrowser('the neighbourhood page (buurtprofiel) in Chromium', () => {
  let federation: Federation;
  let web: Server;
  let pageUrl: string;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const config: WebConfig = { gatewayUrl: '', apiKey: CONSUMERS.analyst.key, purpose: 'neighbourhood-planning' };

  beforeAll(async () => {
    const dist = await buildWeb(mkdtempSync(join(tmpdir(), 'buurtprofiel-dist-')));
    const served = await listenWeb(config, 0, '127.0.0.1', dist);
    web = served.server;
    pageUrl = served.url;
    federation = await startFederation(PRIMARY_ENGINE, {
      GATEWAY_CORS_ORIGINS: new URL(pageUrl).origin,
      GATEWAY_ANY_DOCUMENT_ROLES: 'developer',
      GATEWAY_SUBGRAPH_RETRIES: '0',
    });
    config.gatewayUrl = federation.gatewayUrl;
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // A projector: 1280 x 800, the page at its normal size.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
    // Only loopback: anything else would be the page loading from the internet.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === 'localhost' || host === '127.0.0.1') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    // Budgets for waiting on a shared, busy machine; nothing asserts how long anything took.
    page.setDefaultTimeout(90_000);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    web?.close();
    await federation?.stop();
  });

  test('when a partner searches Welgelegen by name, then the profile shows its real CBS population, 1,810 in 2023', async () => {
    await page.goto(pageUrl);
    await page.getByLabel('Zoek een buurt op naam of code').fill('Welgel');
    await page.getByRole('button', { name: /Welgelegen, Den Hommel/ }).click();
    await page.getByRole('heading', { level: 2, name: /Welgelegen, Den Hommel/ }).waitFor();
    const total = page.getByTestId('population-total');
    await expect(total.textContent()).resolves.toMatch(/1\.810/);
    await expect(total.textContent()).resolves.toMatch(/Bron: CBS/);
    // Every chart has a text alternative.
    const labels = await page
      .locator('canvas[role="img"]')
      .evaluateAll((canvases) => canvases.map((c) => c.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.every((label) => label.length > 20)).toBe(true);
    expect(await page.locator('text=Gegenereerd (demo)').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'buurtprofiel-welgelegen.png'), fullPage: false });
  });

  test('when a provider hides a count, then the page shows it as suppressed, never as zero', async () => {
    const table = page.getByTestId('care-by-provider');
    const row = table.getByRole('row', { name: /Mensen met een beperking/ });
    const cells = await row.locator('td').allTextContents();
    // Stadszorg hides its DISABILITY count in Welgelegen (README, Several partners of one kind).
    expect(cells.some((cell) => /^afgeschermd/.test(cell))).toBe(true);
    expect(cells).not.toContain('0');
    await page.locator('#zorgvraag').screenshot({ path: join(SHOTS, 'buurtprofiel-zorgvraag.png') });
    // The index against the municipality and the projection with its interval, for the first indicator (care demand of older residents).
    const indicator = page.locator('#indicatoren .indicator').first();
    await expect(indicator.textContent()).resolves.toMatch(/index \d+ tegen Utrecht/);
    await expect(indicator.locator('canvas').getAttribute('aria-label')).resolves.toMatch(/80%-interval/);
    await page.locator('#indicatoren .indicators').screenshot({ path: join(SHOTS, 'buurtprofiel-indicatoren.png') });
  });

  test('when the table looks at Beatrixstraat 94, then the ranked destinations, reasons and missing inputs show, and the weights move the ranking on the page only', async () => {
    const building = page.getByRole('article', { name: 'Beatrixstraat 94' });
    await building.waitFor();
    const ranking = building.getByTestId('ranking');
    const first = ranking.locator('tbody tr').first();
    await expect(first.locator('th').textContent()).resolves.toBe('Zorggeschikte woningen voor ouderen');
    // A score in Dutch notation with at most one decimal: the care figures it weighs carry each
    // provider's perturbation, whose key is new per test run, so a whole number (80) happens too.
    await expect(first.locator('td').nth(1).textContent()).resolves.toMatch(/^\d+(,\d)?$/);
    await expect(building.getByRole('heading', { name: 'Wat ontbrak' }).count()).resolves.toBe(1);
    await building.screenshot({ path: join(SHOTS, 'buurtprofiel-advies.png') });
    await first.locator('summary').click();
    await expect(first.locator('.reasons li').count()).resolves.toBeGreaterThan(2);

    // By keyboard: the size criterion to nothing, the facility gap to the most.
    const size = building.getByRole('slider', { name: /Past het vloeroppervlak/ });
    await size.focus();
    await page.keyboard.press('Home');
    const gap = building.getByRole('slider', { name: /Ontbrekende voorziening/ });
    await gap.focus();
    await page.keyboard.press('End');
    await expect(building.getByTestId('weighting').textContent()).resolves.toMatch(/Eigen weging/);
    await expect(ranking.getByRole('columnheader', { name: 'Afgesproken plaats en score' }).count()).resolves.toBe(1);
    const agreed = await ranking.locator('tbody tr td:nth-child(4)').allTextContents();
    // The agreed ranking stays visible next to the new one.
    expect(agreed.map((cell) => Number(cell.split(' ')[0])).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    await ranking.screenshot({ path: join(SHOTS, 'buurtprofiel-eigen-weging.png') });
    await building.getByRole('button', { name: 'Terug naar de afgesproken weging' }).click();
    await expect(building.getByTestId('weighting').textContent()).resolves.toMatch(/Afgesproken weging/);
  });

  test('when a neighbourhood code is typed, then that neighbourhood opens', async () => {
    await page.getByLabel('Zoek een buurt op naam of code').fill('BU03440112');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /Oog in Al/ }).waitFor();
  });

  test('when a housing corporation is down, then the page says so and shows its figures as missing, not zero', async () => {
    await federation.subgraphs['housing-vechtzoom']?.http.close(100);
    await page.goto(`${pageUrl}?buurt=BU03440111`);
    const alert = page.locator('.outage');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Niet bereikbaar: Vechtzoom Wonen \(housing-vechtzoom\)/);
    const row = page.locator('#sociale-huur tbody tr', { hasText: 'Vechtzoom Wonen' });
    await expect(row.textContent()).resolves.toMatch(/niet bereikbaar/);
    await expect(page.locator('#sociale-huur').textContent()).resolves.toMatch(/Onvolledig/);
    await page.screenshot({ path: join(SHOTS, 'buurtprofiel-storing.png') });
    expect(outside).toEqual([]);
  });
});
