import {fileURLToPath} from 'node:url'
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {FakeKube, registerKube} from './fake-kube.js'

export interface Moto {
  url: string
  port: number
  /** The cluster's Kubernetes API, faked (moto has none); emulatorEnv(url) points the CLI at it. */
  kube: FakeKube
  reset(): Promise<void>
  stop(): Promise<void>
  /** moto's own request recorder, for counting what reached the "account". */
  recorder: {start(): Promise<void>; stop(): Promise<void>; download(): Promise<MotoRecordedRequest[]>}
}

export interface MotoRecordedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  body_encoded?: boolean
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts moto_server on a free loopback port with the environment this project needs, waits
 * until it answers, and returns a handle that stops exactly that process.
 */
export async function startMoto(opts: {env?: Record<string, string>} = {}): Promise<Moto> {
  const dir = mkdtempSync(join(tmpdir(), 'platform-moto-'))
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const args = ['-H', '127.0.0.1', '-p', String(port)]
    // Under IAM enforcement, moto's own signature check needs one fix (see moto_server_sigv4.py).
    const enforcing = opts.env?.INITIAL_NO_AUTH_ACTION_COUNT !== undefined
    const [cmd, argv] = enforcing
      ? ['python3', [fileURLToPath(new URL('./moto_server_sigv4.py', import.meta.url)), ...args]]
      : ['moto_server', args]
    const child: ChildProcess = spawn(cmd, argv, {
      cwd: dir,
      env: {
        ...process.env,
        MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
        MOTO_ACM_VALIDATION_WAIT: '0',
        MOTO_RECORDER_FILEPATH: join(dir, 'recording.jsonl'),
        // e.g. INITIAL_NO_AUTH_ACTION_COUNT (least-privilege.test.ts): IAM enforced after N requests.
        ...opts.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000)
    })
    const url = `http://127.0.0.1:${port}`
    try {
      await waitUntilUp(url, child, () => stderr)
      const kube = await FakeKube.start()
      registerKube(url, kube)
      return handle(url, port, child, dir, kube)
    } catch (err) {
      lastError = err
      child.kill('SIGKILL')
    }
  }
  rmSync(dir, {recursive: true, force: true})
  throw lastError
}

async function waitUntilUp(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr()}`)
    try {
      const res = await fetch(`${url}/moto-api/`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`moto_server did not answer within 30 s: ${stderr()}`)
}

function handle(url: string, port: number, child: ChildProcess, dir: string, kube: FakeKube): Moto {
  const post = async (path: string) => {
    const res = await fetch(`${url}${path}`, {method: 'POST'})
    if (!res.ok) throw new Error(`POST ${path}: ${res.status}`)
  }
  return {
    url,
    port,
    kube,
    reset: async () => {
      kube.reset()
      await post('/moto-api/reset')
    },
    stop: async () => {
      await kube.stop()
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
      rmSync(dir, {recursive: true, force: true})
    },
    recorder: {
      start: async () => {
        await post('/moto-api/recorder/reset-recording')
        await post('/moto-api/recorder/start-recording')
      },
      stop: () => post('/moto-api/recorder/stop-recording'),
      download: async () => {
        const text = await (await fetch(`${url}/moto-api/recorder/download-recording`)).text()
        return text
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as MotoRecordedRequest)
      },
    },
  }
}
