import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {KUBE_ENDPOINT_OVERRIDE} from '../../src/kube/client.js'
import {kubeFor} from './fake-kube.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = join(ROOT, 'bin/run.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  json<T = unknown>(): T
}

/** A clean environment: dummy credentials for the emulator, no ~/.aws, no IMDS. */
export function emulatorEnv(
  url: string | undefined,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'platform-home-'))
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'none-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(url
      ? {
          AWS_ENDPOINT_URL: url,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          PLATFORM_EMULATOR: 'moto',
          ...(kubeFor(url) ? {[KUBE_ENDPOINT_OVERRIDE]: kubeFor(url)!.url} : {}),
        }
      : {}),
    ...extra,
  }
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>
}

export async function runCli(
  args: string[],
  opts: {env: Record<string, string>; cwd?: string; timeoutMs?: number},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({code: code ?? -1, stdout, stderr, json: <T>() => JSON.parse(stdout) as T})
    })
  })
}
