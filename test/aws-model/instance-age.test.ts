import { describe, expect, it } from 'vitest';
import { ageDays, instanceSince } from '../../src/aws-model/instance-age.js';

const now = new Date('2026-11-01T12:00:00Z');

describe('instanceSince / ageDays', () => {
  it('uses LaunchTime when there is no root volume', () => {
    expect(instanceSince({ LaunchTime: '2026-10-01T12:00:00Z' })).toEqual({ since: new Date('2026-10-01T12:00:00Z'), source: 'LaunchTime' });
    expect(ageDays({ LaunchTime: '2026-10-01T12:00:00Z' }, now)).toBe(31);
  });

  it('prefers the older root volume attach time (LaunchTime resets on stop/start)', () => {
    const i = {
      LaunchTime: new Date('2026-10-30T00:00:00Z'),
      RootDeviceName: '/dev/xvda',
      BlockDeviceMappings: [
        { DeviceName: '/dev/sdb', Ebs: { AttachTime: '2020-01-01T00:00:00Z' } },
        { DeviceName: '/dev/xvda', Ebs: { AttachTime: '2025-11-01T12:00:00Z' } },
      ],
    };
    expect(instanceSince(i)?.source).toBe('root volume AttachTime');
    expect(ageDays(i, now)).toBe(365);
  });

  it('falls back to the first mapping when the root device is not named, and ignores a later attach time', () => {
    expect(instanceSince({ BlockDeviceMappings: [{ Ebs: { AttachTime: '2026-01-01T00:00:00Z' } }] })?.source).toBe('root volume AttachTime');
    expect(instanceSince({ LaunchTime: '2026-01-01T00:00:00Z', BlockDeviceMappings: [{ Ebs: { AttachTime: '2026-02-01T00:00:00Z' } }] })?.source).toBe('LaunchTime');
  });

  it('is undefined without dates, and never negative', () => {
    expect(ageDays({}, now)).toBeUndefined();
    expect(ageDays({ LaunchTime: '' }, now)).toBeUndefined();
    expect(ageDays({ LaunchTime: 'not a date' }, now)).toBeUndefined();
    expect(ageDays({ LaunchTime: '2027-01-01T00:00:00Z' }, now)).toBe(0);
  });
});
