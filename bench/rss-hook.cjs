// Preloaded (NODE_OPTIONS=--require) into every node process a codegen case
// spawns: on exit, append this process's peak RSS in KiB to $BENCH_RSS_FILE, so
// the bench can report peak memory without /usr/bin/time.
'use strict';
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Never change the measured program's outcome.
    }
  });
}
