import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const PACKAGE_NAME = 'platform'

/**
 * This tool's package.json: the one place its version is written, and the file oclif itself
 * reads for `platform --version`. Found by walking up from this module rather than by a fixed
 * relative path, because the module runs from src/ (vitest) and from dist/src/ (compiled).
 */
export function readPackageJson(from: string = import.meta.url): {name: string; version: string} {
  for (let dir = dirname(fileURLToPath(from)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as {name?: unknown; version?: unknown}
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return {name: pkg.name, version: pkg.version}
    }
    if (dirname(dir) === dir) throw new Error(`No package.json of "${PACKAGE_NAME}" above ${fileURLToPath(from)}`)
  }
}

/** What reports and evidence name as their producer. */
export const TOOL = {...readPackageJson(), uri: 'https://example.com/platform'}
