import { describe, expect, it } from 'vitest';
import { etaSeconds, SpeedMeter } from '../../src/core/speed.js';

describe('SpeedMeter', () => {
  it('measures bytes per second over the sliding window', () => {
    let t = 0;
    const meter = new SpeedMeter(5_000, () => t);
    meter.reset(0);
    for (let i = 1; i <= 20; i++) {
      t = i * 500;
      meter.record(i * 500_000); // 1 MB/s
    }
    expect(meter.bytesPerSecond()).toBeGreaterThan(950_000);
    expect(meter.bytesPerSecond()).toBeLessThan(1_050_000);
  });

  it('reflects a recent change rather than the whole history', () => {
    let t = 0;
    const meter = new SpeedMeter(2_000, () => t);
    meter.reset(0);
    let bytes = 0;
    for (let i = 1; i <= 20; i++) {
      t += 500;
      bytes += 5_000_000; // 10 MB/s
      meter.record(bytes);
    }
    for (let i = 1; i <= 10; i++) {
      t += 500;
      bytes += 50_000; // now 100 kB/s
      meter.record(bytes);
    }
    expect(meter.bytesPerSecond()).toBeLessThan(200_000);
  });

  it('does not count a resume jump as speed, and decays to 0 when stalled', () => {
    let t = 0;
    const meter = new SpeedMeter(5_000, () => t);
    meter.reset(40_000_000); // resumed at the server offset
    t = 1_000;
    meter.record(41_000_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    t = 3_000;
    expect(meter.bytesPerSecond()).toBeLessThan(400_000);
    t = 10_000;
    expect(meter.bytesPerSecond()).toBe(0);
  });
});

describe('etaSeconds', () => {
  it('divides what is left by the speed and rounds up', () => {
    expect(etaSeconds(10_000_000, 1_000_000)).toBe(10);
    expect(etaSeconds(1, 1_000_000)).toBe(1);
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(100, 0)).toBeNull();
  });
});
