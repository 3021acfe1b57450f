// Loaded with `node --import` into a benchmarked child: on exit it writes the child's own resource
// usage (peak RSS, CPU time) as JSON to the file named by AWS_TIPS_BENCH_USAGE.
import { writeFileSync } from 'node:fs';

const file = process.env.AWS_TIPS_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
