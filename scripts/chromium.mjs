// How the browser tests and benchmarks start Chromium here: Debian's
// chromium (never a downloaded one), headless, with no background
// networking (this machine's network is closed, and the privacy tests
// count requests).
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};
