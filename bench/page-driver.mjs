// Drives the real page (dist/) in headless Chromium for the benchmarks
// (bench/page.mjs, bench/compare.mjs): opens it with probes in place, drops
// a file on it and times the drop to the summary. bench/page.mjs says the
// method.

/** Runs in the page before its own scripts: the probes, in window.bench. */
function probes() {
  const bench = (window.bench = { t0: 0, done: 0, painted: 0, tasks: [] });
  new PerformanceObserver((list) => bench.tasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
  // Our listener comes before the page's onmessage, so it sees 'done' first.
  window.Worker = class extends Worker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ({ data }) => {
        if (data.type === 'done') bench.done = performance.now();
      });
    }
  };
  // The page counts finished validations in body[data-validated]; the task
  // posted from the next animation frame runs once that frame is drawn.
  new MutationObserver(() => requestAnimationFrame(() => setTimeout(() => (bench.painted = performance.now()))))
    .observe(document, { subtree: true, attributeFilter: ['data-validated'] });
}

export async function openPage(context, url) {
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  await page.addInitScript(probes);
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return page;
}

/** Drops the file on the page and waits for the summary to be drawn. */
export async function dropAndTime(page, path) {
  const input = await page.evaluateHandle(() => Object.assign(document.createElement('input'), { type: 'file' }));
  await input.setInputFiles(path);
  await page.evaluate((input) => {
    const file = input.files[0];
    const zone = document.querySelector('#drop-zone');
    Object.assign(window.bench, { t0: Infinity, done: 0, painted: 0 });
    // In a task of the page's own: what runs in the evaluate call itself
    // (a DevTools message) is never reported as a long task.
    setTimeout(() => {
      window.bench.t0 = performance.now();
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
      }
    });
  }, input);
  await page.waitForFunction(() => window.bench.painted > 0, null, { polling: 100 });
  await input.dispose();
  const run = await page.evaluate(() => {
    const { t0, done, painted, tasks } = window.bench;
    const shown = performance.getEntriesByName('summary-shown')[0].startTime;
    const during = tasks.filter((task) => task.startTime + task.duration > t0 && task.startTime < painted);
    return {
      seconds: (shown - t0) / 1000,
      worker: (done - t0) / 1000,
      paint: (painted - t0) / 1000,
      longest: Math.max(0, ...during.map((task) => task.duration)),
      longTasks: during.length,
      findings: Number(document.querySelector('#row-count').textContent.match(/^[\d,]+/)[0].replaceAll(',', '')),
    };
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  run.heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;
  // The findings' columns are typed arrays, whose bytes are outside that heap.
  run.buffers = (await cdp.send('Runtime.getHeapUsage')).backingStorageSize;
  await cdp.detach();
  return run;
}
