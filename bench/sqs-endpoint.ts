// The embedded SQS endpoint in a process of its own, for bench/sqs.ts: the endpoint and the tester
// then use one core each, and the endpoint's memory is measured apart from the tester's.
import { parseSqsConfig, startEndpoint } from '../src/sqs/endpoint';

async function main(): Promise<void> {
  const queues = ['bench-1', 'bench-2', 'bench-3', 'bench-4'];
  const ep = await startEndpoint({ port: 0, config: parseSqsConfig({ queues }) });
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'stats') {
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      process.send!({ rss, peakRss, cpu: process.cpuUsage() });
    } else if (m.cmd === 'resetPeak') {
      (globalThis as { gc?: () => void }).gc?.(); // started with --expose-gc: a clean baseline
      peakRss = process.memoryUsage().rss;
      process.send!({ rss: peakRss });
    } else if (m.cmd === 'stop') {
      void ep.stop().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0)); // the bench is gone: do not outlive it
  process.send!({ url: ep.url, queues });
}

void main();
