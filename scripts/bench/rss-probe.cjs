// Preloaded into every node process of a measured command (NODE_OPTIONS=--require): at exit, appends the process's
// peak resident set size (getrusage's ru_maxrss, via process.resourceUsage(), in KiB) to BENCH_RSS_FILE, one line
// per process. The benchmark's peak memory is the largest line: the biggest process of the command's tree.
"use strict";
const { appendFileSync } = require("node:fs");
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A measurement must never change the command's outcome.
    }
  });
}
