/**
 * The hostile corpus through the real CLI, one child process per case, each run with a 48 MB V8
 * heap (--max-old-space-size) and its own TMPDIR: the exit code, the message, nothing created or
 * changed anywhere under the case's root (its TMPDIR included, so every temporary directory is
 * removed), and memory bounded (the child's peak RSS, and no "heap out of memory" death).
 */
import {execFileSync, spawn} from 'node:child_process'
import {cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, emulatorEnv, runCli} from '../helpers/cli.js'
import {cleanup, craftTar, KEY_A, KEY_B, makeBundle, rehash, signer, signManifest, tempRoot} from './bundle.js'
import {filesUnder} from './scan.js'

const dirs: string[] = []
afterAll(() => cleanup(dirs))
const A = signer(KEY_A)
const B = signer(KEY_B)
const HEAP_MB = 48
const MAX_RSS_KB = 250 * 1024

/** The case's root as a listing: anything created, removed, replaced or rewritten shows. */
function snapshot(root: string): string[] {
  return filesUnder(root).map((f) => {
    const st = lstatSync(join(root, f))
    return `${f} ${st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : 'special'} ${st.size} ${st.mtimeMs} ${st.ino}`
  })
}

interface Case {
  name: string
  /** Builds the hostile input under root; returns the CLI arguments. */
  build: (root: string) => Promise<string[]> | string[]
  code: number
  /** Text the output (stdout + stderr) must hold. */
  says: (string | RegExp)[]
}

const verify = (path: string, ...extra: string[]) => ['evidence', 'verify', path, ...extra]

/** 600 MiB of zeros in one entry, about 600 KiB compressed; produced lazily, never held. */
function bomb(root: string): string {
  const file = join(root, 'bomb.tar.gz')
  craftTar(
    file,
    [
      'class Z:',
      '    def __init__(s, n): s.n = n',
      '    def read(s, k=-1):',
      '        k = s.n if k < 0 else min(k, s.n)',
      '        s.n -= k',
      '        return bytes(k)',
      "i = tarfile.TarInfo('b/zeros'); i.size = 600 * 1024 * 1024",
      't.addfile(i, Z(i.size))',
      "add('b/manifest.json', b'{}')",
    ].join('\n'),
  )
  return file
}

const cases: Case[] = [
  {
    name: 'a forged bundle, edited, re-hashed and re-signed with another key claiming the trusted one',
    build: async (root) => {
      const dir = await makeBundle(root, A)
      writeFileSync(join(dir, 'controls.csv'), 'requirement,status\r\nall,PASS\r\n')
      rehash(dir)
      signManifest(dir, B, KEY_A)
      writeFileSync(join(root, 'a.pem'), A.pem)
      return verify(dir, '--public-key', join(root, 'a.pem'), '--key-id', KEY_A)
    },
    code: 1,
    says: [/^BROKEN /m, 'or it was signed by another key than public key file'],
  },
  {
    name: 'an unsigned, re-hashed bundle',
    build: async (root) => {
      const dir = await makeBundle(root)
      writeFileSync(join(dir, 'findings.csv'), 'checkId,status\r\nx,PASS\r\n')
      rehash(dir)
      return verify(dir)
    },
    code: 1,
    says: [/^UNSIGNED /m, 'pass --allow-unsigned to accept integrity alone'],
  },
  {
    name: 'a symlink to a file outside, a FIFO and a character device inside the bundle',
    build: async (root) => {
      const dir = await makeBundle(root, A)
      writeFileSync(join(root, 'outside-secret'), 'not evidence')
      rmSync(join(dir, 'findings.csv'))
      symlinkSync(join(root, 'outside-secret'), join(dir, 'findings.csv'))
      execFileSync('mkfifo', [join(dir, 'pipe')])
      execFileSync('mknod', [join(dir, 'zero'), 'c', '1', '5'])
      return verify(dir, '--allow-unsigned')
    },
    code: 1,
    says: [
      'not a regular file (symbolic link), not read: findings.csv',
      'not a regular file (FIFO), not read: pipe',
      'not a regular file (character device), not read: zero',
    ],
  },
  {
    name: 'a symlinked manifest',
    build: async (root) => {
      const dir = await makeBundle(root, A)
      cpSync(join(dir, 'manifest.json'), join(root, 'elsewhere.json'))
      rmSync(join(dir, 'manifest.json'))
      symlinkSync(join(root, 'elsewhere.json'), join(dir, 'manifest.json'))
      return verify(dir)
    },
    code: 1,
    says: [/manifest\.json cannot be opened \(ELOOP\)/],
  },
  {
    name: 'an archive with symlink, hard link, FIFO, device, ".." and absolute entries',
    build: (root) => {
      const file = join(root, 'evil.tar.gz')
      craftTar(
        file,
        [
          "add('b/manifest.json', b'{}')",
          "add('b/link', type=tarfile.SYMTYPE, link='/etc/passwd')",
          "add('b/hard', type=tarfile.LNKTYPE, link='/etc/passwd')",
          "add('b/fifo', type=tarfile.FIFOTYPE)",
          "add('b/dev', type=tarfile.CHRTYPE)",
          // Extracted under TMPDIR/platform-verify-XXXX/, this would land in TMPDIR itself.
          "add('b/../../escaped', b'x')",
          `add(${JSON.stringify(join(root, 'absolute'))}, b'x')`,
        ].join('\n'),
      )
      return verify(file)
    },
    code: 1,
    says: [
      'not a regular file (SymbolicLink), not extracted: b/link',
      'not a regular file (Link), not extracted: b/hard',
      'not a regular file (FIFO), not extracted: b/fifo',
      'not a regular file (CharacterDevice), not extracted: b/dev',
      'archive entry refused (a ".." path segment), not extracted: "b/../../escaped"',
      'archive entry refused (an absolute path)',
    ],
  },
  {
    name: 'an archive entry the same name twice',
    build: (root) => {
      const file = join(root, 'twice.tar.gz')
      craftTar(file, "add('b/findings.json', b'first')\nadd('b/findings.json', b'second')")
      return verify(file)
    },
    code: 1,
    says: ['archive entry appears twice, not extracted again: b/findings.json'],
  },
  {
    name: 'a compressed bomb: 600 MiB of zeros in one entry, over the 512 MiB file limit',
    build: (root) => verify(bomb(root)),
    code: 1,
    says: ['b/zeros is 629145600 bytes, over the limit, not extracted'],
  },
  {
    name: 'an archive of 20,000 entries, ten times the entry-count limit',
    build: (root) => {
      const file = join(root, 'many.tar.gz')
      craftTar(file, "for i in range(20000): add('b/f%d' % i, b'x')")
      return verify(file)
    },
    code: 1,
    says: ['the archive has more than 2000 entries: refused'],
  },
  {
    name: 'a malformed signature',
    build: async (root) => {
      const dir = await makeBundle(root, A)
      writeFileSync(join(dir, 'manifest.sig.json'), '{"keyId": 1}')
      return verify(dir)
    },
    code: 1,
    says: [/^BROKEN /m, 'manifest.sig.json is malformed'],
  },
  {
    name: '--config /dev/zero',
    build: () => ['design', 'show', '--env', 'dev', '--config', '/dev/zero'],
    code: 2,
    says: ['/dev/zero is a character device, not a regular file'],
  },
  {
    name: 'a FIFO as the configuration',
    build: (root) => {
      execFileSync('mkfifo', [join(root, 'config.yaml')])
      return ['design', 'show', '--env', 'dev', '--config', join(root, 'config.yaml')]
    },
    code: 2,
    says: ['is a FIFO, not a regular file'],
  },
]

describe(`the hostile corpus through the CLI, each in a child with a ${HEAP_MB} MB heap`, () => {
  for (const c of cases)
    it(`${c.name}: exit ${c.code}, the message, nothing written outside, memory bounded`, async () => {
      const root = tempRoot(dirs)
      const tmp = join(root, 'tmp')
      mkdirSync(tmp)
      const args = await c.build(root)
      const before = snapshot(root)
      const stats = join(tempRoot(dirs), 'stats.json')
      const started = Date.now()
      const r = await runCli(args, {
        env: emulatorEnv(undefined, {
          TMPDIR: tmp,
          NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
          PLATFORM_BENCH_STATS: stats,
        }),
        timeoutMs: 60_000,
      })
      const output = r.stdout + r.stderr
      expect(r.code, output).toBe(c.code)
      for (const s of c.says)
        if (typeof s === 'string') expect(output).toContain(s)
        else expect(output).toMatch(s)
      expect(output).not.toMatch(/heap out of memory|AWS call failed/i)
      expect(snapshot(root)).toEqual(before)
      const {maxRssKb} = JSON.parse(readFileSync(stats, 'utf8')) as {maxRssKb: number}
      expect(maxRssKb).toBeLessThan(MAX_RSS_KB)
      expect(Date.now() - started).toBeLessThan(60_000)
    })
})

describe('interrupted in the middle of an unpack', () => {
  it('SIGINT and SIGTERM remove the temporary copy before the process ends (exit 130, 143)', async () => {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const root = tempRoot(dirs)
      const tmp = join(root, 'tmp')
      mkdirSync(tmp)
      const file = bomb(root)
      const child = spawn(process.execPath, [BIN, ...verify(file)], {
        env: emulatorEnv(undefined, {TMPDIR: tmp}),
        stdio: 'ignore',
      })
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
      // Wait until the unpack has made its temporary directory, then interrupt it.
      const deadline = Date.now() + 30_000
      while (readdirSync(tmp).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(readdirSync(tmp)).toHaveLength(1)
      child.kill(signal)
      expect(await exited).toBe(code)
      expect(readdirSync(tmp)).toEqual([])
    }
  })
})
