import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'vitest'

/**
 * A page as an auditor sees it: Debian's Chromium, headless, renders the file to a PNG and
 * dumps the DOM after layout. Installed by the project's own setup (scripts/lib.sh
 * ensure_chromium, with a Japanese font); a missing browser fails the test, never skips it.
 */
export function renderInChromium(htmlFile: string, png: string, size = '1280,1800'): {dom: string; pngBytes: number} {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
  expect(
    chromium,
    'chromium is not installed: run .ci/run or apt-get install chromium fonts-ipafont-gothic',
  ).toBeDefined()
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'))
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ]
  const url = `file://${htmlFile}`
  try {
    execFileSync(chromium!, [...flags, `--screenshot=${png}`, `--window-size=${size}`, url], {
      stdio: 'ignore',
      timeout: 60_000,
    })
    const dom = execFileSync(chromium!, [...flags, '--dump-dom', url], {encoding: 'utf8', timeout: 60_000})
    const bytes = readFileSync(png)
    expect(bytes.subarray(1, 4).toString(), 'a PNG screenshot').toBe('PNG')
    return {dom, pngBytes: statSync(png).size}
  } finally {
    rmSync(profile, {recursive: true, force: true})
  }
}
