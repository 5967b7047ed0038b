import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { BackgroundServices, type BackgroundTask } from './background-services.ts';

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BackgroundServices', () => {
  it('runs tasks on their interval, never overlapping', async () => {
    let running = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const task: BackgroundTask = {
      name: 'slow',
      intervalMs: 5,
      runAtStart: true,
      run: async () => {
        running += 1;
        maxConcurrent = Math.max(maxConcurrent, running);
        await sleep(15);
        running -= 1;
        runs += 1;
      },
    };
    const services = new BackgroundServices(silent);
    services.register(task);
    services.start();
    await sleep(120);
    await services.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(maxConcurrent).toBe(1);
  });

  it('isolates a failing task and backs off, while others keep running', async () => {
    let failures = 0;
    let healthy = 0;
    const services = new BackgroundServices(silent);
    services.register({
      name: 'broken',
      intervalMs: 10,
      runAtStart: true,
      run: async () => {
        failures += 1;
        throw new Error('boom');
      },
    });
    services.register({ name: 'fine', intervalMs: 10, runAtStart: true, run: async () => void (healthy += 1) });
    services.start();
    await sleep(200);
    await services.stop();
    // Without backoff the broken task would have run ~20 times in 200 ms.
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(failures).toBeLessThan(8);
    expect(healthy).toBeGreaterThan(10);
    const broken = services.stats().find((s) => s.name === 'broken');
    expect(broken?.lastError).toBe('boom');
    expect(broken?.consecutiveFailures).toBe(failures);
  });

  it('stop aborts the signal and waits for the running task', async () => {
    let finished = false;
    const services = new BackgroundServices(silent);
    services.register({
      name: 'waits',
      intervalMs: 1000,
      runAtStart: true,
      run: async (signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        await sleep(10);
        finished = true;
      },
    });
    services.start();
    await sleep(10);
    await services.stop();
    expect(finished).toBe(true);
  });

  it('refuses registration after start', () => {
    const services = new BackgroundServices(silent);
    services.start();
    expect(() => services.register({ name: 'late', intervalMs: 1, run: async () => {} })).toThrow(/after start/);
  });
});
