#!/usr/bin/env node
/**
 * First step of `npm test`: the browser suite needs Chromium, so say so before the long unit stages
 * run rather than after them.
 */
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(
    `✖ npm test needs Chromium for the browser tests, and ${chromium} is missing.\n` +
      '  Debian/Ubuntu: sudo apt-get install chromium   (or set CHROMIUM_PATH to a Chromium binary)\n' +
      '  .ci/run installs it by itself.',
  );
  process.exit(1);
}
