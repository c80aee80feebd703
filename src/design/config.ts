import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import YAML from 'yaml'
import {ConfigError} from '../errors.js'
import {readLocalFile} from '../files/local.js'
import {contains} from './cidr.js'
import {configSchema, type PlatformConfig} from './config-schema.js'
import {STANDARD_ENVS, defaultVpcCidr} from './defaults.js'

export const DEFAULT_CONFIG_FILE = 'platform.config.yaml'

export interface LoadedConfig {
  config: PlatformConfig
  /** The file it came from, or undefined when defaults apply. */
  file?: string
}

/**
 * Loads `--config PATH`, else ./platform.config.yaml when present, else the defaults.
 * Every failure names the file, the field path and what is allowed.
 */
export function loadConfig(opts: {path?: string; cwd?: string} = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd()
  const file = opts.path ? resolve(cwd, opts.path) : resolve(cwd, DEFAULT_CONFIG_FILE)
  if (!existsSync(file)) {
    if (opts.path) throw new ConfigError(`Configuration file not found: ${file}`, file)
    return {config: {}}
  }
  const text = readLocalFile(file, {what: 'Configuration file', error: (m) => new ConfigError(m, file)})
  return {config: parseConfig(text, file), file}
}

/**
 * YAML's aliases can expand a small file into a huge document ("billion laughs"): the parser
 * refuses more than a handful of alias expansions, and keys must be unique.
 */
export const YAML_LIMITS = {prettyErrors: true, uniqueKeys: true, maxAliasCount: 50} as const

export function parseConfig(text: string, file: string): PlatformConfig {
  let raw: unknown
  try {
    raw = YAML.parse(text, YAML_LIMITS) ?? {}
  } catch (err) {
    const e = err as {message?: string; linePos?: {line: number; col: number}[]}
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'unknown position'
    const first = (e.message ?? String(err)).split('\n')[0]
    throw new ConfigError(`${file}: YAML syntax error at ${where}: ${first}`, file, [
      {path: '', message: first ?? 'syntax error'},
    ])
  }
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({path: formatPath(i.path), message: describeIssue(i)}))
    throw new ConfigError(
      `${file}: invalid configuration\n${issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`).join('\n')}`,
      file,
      issues,
    )
  }
  const issues = crossFieldIssues(parsed.data)
  if (issues.length > 0) {
    throw new ConfigError(
      `${file}: invalid configuration\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      file,
      issues,
    )
  }
  return parsed.data
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.')
}

function describeIssue(i: {code: string; message: string; keys?: string[]}): string {
  if (i.code === 'unrecognized_keys' && i.keys) {
    return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (see schema/platform.config.schema.json for the allowed keys)`
  }
  return i.message
}

/** Rules that need the defaults: custom environments need a VPC, subnets must lie inside it. */
function crossFieldIssues(config: PlatformConfig): {path: string; message: string}[] {
  const issues: {path: string; message: string}[] = []
  for (const [env, o] of Object.entries(config.environments ?? {})) {
    const vpc = o.vpcCidr ?? defaultVpcCidr(env)
    if (!vpc) {
      issues.push({
        path: `environments.${env}.vpcCidr`,
        message: `required for an environment other than ${STANDARD_ENVS.join(', ')}`,
      })
      continue
    }
    for (const [key, s] of Object.entries(o.subnets ?? {})) {
      if (s?.cidr && !contains(vpc, s.cidr)) {
        issues.push({
          path: `environments.${env}.subnets.${key}.cidr`,
          message: `${s.cidr} is outside the VPC ${vpc}: a subnet must lie inside its VPC`,
        })
      }
    }
  }
  return issues
}
