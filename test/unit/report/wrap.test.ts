import {describe, expect, it} from 'vitest'
import {displayWidth} from '../../../src/report/width.js'
import {wrapDisplay} from '../../../src/report/wrap.js'

describe('wrapDisplay', () => {
  it('breaks English at spaces within the width', () => {
    expect(wrapDisplay('alpha beta gamma delta', 11)).toEqual(['alpha beta', 'gamma delta'])
  })

  it('breaks Japanese between wide characters, counting each as two columns, never before 。or 、', () => {
    const lines = wrapDisplay('バックアップ保持期間は三十五日、スナップショットは毎日。', 12)
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(12)
    expect(lines.join('')).toBe('バックアップ保持期間は三十五日、スナップショットは毎日。')
    for (const l of lines.slice(1)) expect(l[0], l).not.toMatch(/[、。]/)
  })

  it('cuts a piece wider than the line (an ARN) and keeps the marker whole after the text', () => {
    const arn = 'arn:aws:iam::123456789012:role/medical-ai-dev-eks-cluster'
    const lines = wrapDisplay(arn, 20)
    expect(lines.join('')).toBe(arn)
    expect(lines.every((l) => displayWidth(l) <= 20)).toBe(true)
    expect(wrapDisplay('10.2.0.0/16', 40, '[判断1]')).toEqual(['10.2.0.0/16   [判断1]'])
  })
})
