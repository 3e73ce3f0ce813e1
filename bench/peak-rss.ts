/** Samples the process's resident memory every `everyMs` until stopped; `stop()` gives the peak in MB. */
export function samplePeakRss(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(sampler);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1_048_576);
    },
  };
}
