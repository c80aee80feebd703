import {describe, expect, it} from 'vitest'
import {canonicalCidr, contains, isNetworkAddress, overlaps, subnetOf} from '../../../src/design/cidr.js'
import {canonicalWeekly, jstWeeklyToUtc, windowsOverlap} from '../../../src/design/windows.js'

describe('windows', () => {
  it.each([
    ['sun:04:00-sun:05:00', 'sat:19:00-sat:20:00'],
    ['mon:08:30-mon:09:30', 'sun:23:30-mon:00:30'],
    ['sun:00:00-sun:01:00', 'sat:15:00-sat:16:00'],
  ])('JST %s is UTC %s', (jst, utc) => expect(jstWeeklyToUtc(jst)).toBe(utc))

  it.each([
    ['SAT:19:00-Sat:20:00', 'sat:19:00-sat:20:00'],
    ['sat:19:00-sat:20:00', 'sat:19:00-sat:20:00'],
  ])('canonical spelling of %s', (raw, canon) => expect(canonicalWeekly(raw)).toBe(canon))

  it.each([
    ['sat:19:00-sat:20:00', '18:00-19:00', false],
    ['sat:19:00-sat:20:00', '18:30-19:30', true],
    ['sat:19:00-sat:20:00', '19:59-20:30', true],
    ['sat:23:30-sun:00:30', '00:00-00:30', true],
    ['sun:23:30-mon:00:30', '23:45-00:15', true],
    ['sat:19:00-sat:20:00', '20:00-21:00', false],
  ])('maintenance %s vs backup %s overlap: %s', (m, b, expected) => expect(windowsOverlap(m, b)).toBe(expected))
})

describe('cidr', () => {
  it.each([
    ['010.2.1.0/24', '10.2.1.0/24'],
    [' 10.2.1.0/24 ', '10.2.1.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('canonical %s -> %s', (a, b) => expect(canonicalCidr(a)).toBe(b))

  it('containment and overlap', () => {
    expect(contains('10.2.0.0/16', '10.2.11.0/24')).toBe(true)
    expect(contains('10.2.0.0/16', '10.3.11.0/24')).toBe(false)
    expect(overlaps('10.2.1.0/24', '10.2.1.128/25')).toBe(true)
    expect(overlaps('10.2.1.0/24', '10.2.2.0/24')).toBe(false)
    expect(isNetworkAddress('10.2.1.0/24')).toBe(true)
    expect(isNetworkAddress('10.2.1.1/24')).toBe(false)
    expect(subnetOf('10.1.0.0/16', 13)).toBe('10.1.13.0/24')
  })
})
