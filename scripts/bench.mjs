// Benchmark (not a test): wall time (median), peak memory, AWS calls and the longest chain of
// dependent calls for a full provision, a no-op provision, a dry run and audits of dev, each run
// as a real CLI process (start-up included) against a moto_server this script starts and stops.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const root = new URL('..', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'platform-bench-'))
const port = await new Promise((r) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port
    s.close(() => r(p))
  })
})
const url = `http://127.0.0.1:${port}`
const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
  cwd: work,
  stdio: 'ignore',
  env: {...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', MOTO_ACM_VALIDATION_WAIT: '0'},
})
// moto has no Kubernetes API: the test bed's stand-in (test/helpers/fake-kube.ts) lets the
// audit read the pods' security groups, as on AWS.
const kube = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/fake-kube-main.ts'), '0'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'ignore'],
})
const kubeUrl = await new Promise((r) => kube.stdout.once('data', (d) => r(String(d).trim())))
try {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/moto-api/`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break
    await new Promise((r) => setTimeout(r, 100))
  }
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    PLATFORM_EMULATOR: 'moto',
    PLATFORM_KUBE_ENDPOINT_URL: kubeUrl,
    HOME: work,
  }
  const reset = () => fetch(`${url}/moto-api/reset`, {method: 'POST'})
  const cli = (args) => {
    const stats = join(work, 'stats.json')
    const t0 = process.hrtime.bigint()
    const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), ...args, '--json'], {
      env: {...env, PLATFORM_BENCH_STATS: stats},
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (r.status !== 0) throw new Error(`platform ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    const out = JSON.parse(r.stdout)
    return {
      ms,
      rssMb: JSON.parse(readFileSync(stats, 'utf8')).maxRssKb / 1024,
      mutating: out.calls.mutating,
      readOnly: out.calls.readOnly,
      chain: out.longestCallChain ?? '-',
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  // config/local-dev.yaml: a supported Kubernetes version, so the audit of dev is clean.
  const dev = ['--env', 'dev', '--config', join(root, 'config/local-dev.yaml')]
  let padded = false
  let applied = false
  // What an operator does after provision: platform manifests | kubectl apply -f -.
  async function applyManifests() {
    const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), 'manifests', ...dev, '--image-tag', 'bench'], {
      env,
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`platform manifests exited ${r.status}: ${r.stderr}`)
    await fetch(`${kubeUrl}/test-bed/apply`, {method: 'POST', body: r.stdout})
    applied = true
  }
  const cases = {
    'full provision (dev)': async () => (await reset(), cli(['provision', ...dev, '--yes'])),
    'no-op provision (dev)': async () => cli(['provision', ...dev, '--yes']),
    'dry run (dev)': async () => cli(['provision', ...dev, '--dry-run']),
    'audit (dev)': async () => (applied || (await applyManifests()), cli(['audit', ...dev])),
    'audit (dev, padded)': async () => {
      if (!padded) await addForeignResources()
      padded = true
      return cli(['audit', ...dev])
    },
  }
  const targets = {
    'full provision (dev)': 7000,
    'no-op provision (dev)': 1500,
    'dry run (dev)': 1500,
    'audit (dev)': 1500,
    'audit (dev, padded)': 1500,
  }
  // 200 buckets and 100 security groups the tool does not own: it must ignore them cheaply.
  async function addForeignResources() {
    const {S3Client, CreateBucketCommand} = await import('@aws-sdk/client-s3')
    const {EC2Client, CreateVpcCommand, CreateSecurityGroupCommand} = await import('@aws-sdk/client-ec2')
    const cfg = {
      region: 'ap-northeast-1',
      endpoint: url,
      credentials: {accessKeyId: 'bench', secretAccessKey: 'bench'},
      forcePathStyle: true,
    }
    const s3 = new S3Client(cfg)
    const ec2 = new EC2Client(cfg)
    for (let i = 0; i < 200; i++)
      await s3.send(
        new CreateBucketCommand({
          Bucket: `bench-foreign-${i}`,
          CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'},
        }),
      )
    const vpc = (await ec2.send(new CreateVpcCommand({CidrBlock: '10.77.0.0/16'}))).Vpc.VpcId
    for (let i = 0; i < 100; i++)
      await ec2.send(
        new CreateSecurityGroupCommand({GroupName: `bench-foreign-${i}`, Description: 'not ours', VpcId: vpc}),
      )
  }
  console.log(
    `platform bench: ${RUNS} runs each, CLI start included, moto_server on loopback, ${new Date().toISOString()}`,
  )
  console.log(
    'case                     median ms  min ms   max ms  peak MB  mutating  read-only  longest chain  target',
  )
  for (const [name, run] of Object.entries(cases)) {
    const rs = []
    for (let i = 0; i < RUNS; i++) {
      if (name === 'no-op provision (dev)' && i === 0) await cases['full provision (dev)']()
      rs.push(await run())
    }
    const ms = rs.map((r) => r.ms)
    const last = rs[rs.length - 1]
    const med = median(ms)
    console.log(
      `${name.padEnd(24)} ${med.toFixed(0).padStart(9)} ${Math.min(...ms)
        .toFixed(0)
        .padStart(7)} ${Math.max(...ms)
        .toFixed(0)
        .padStart(8)} ${Math.max(...rs.map((r) => r.rssMb))
        .toFixed(0)
        .padStart(
          8,
        )} ${String(last.mutating).padStart(9)} ${String(last.readOnly).padStart(10)} ${String(last.chain).padStart(14)}  <= ${targets[name]} ms ${med <= targets[name] ? 'ok' : 'MISSED'}`,
    )
  }
  console.log('peak memory target: <= 300 MB; padded = plus 200 buckets and 100 security groups the tool does not own')

  // AWS-like waits (src/aws/realism.ts), scaled down: every create is pending for PENDING_MS
  // (NAT gateways, EKS cluster and profiles, Aurora, CloudFront, certificates) and new ids are
  // not found for 3 s. The apply can take no less than its critical path (the longest chain of
  // resources that waited for one another); the wall time shows how close it comes, and when the
  // EKS and Aurora control planes started against when the NAT gateways were ready shows that
  // they do not wait for what they do not need.
  const PENDING_MS = Number(process.env.BENCH_PENDING_MS ?? 8000)
  await reset()
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), 'provision', ...dev, '--yes', '--json'], {
    env: {...env, PLATFORM_TEST_REALISM: `consistencyMs=3000,pendingMs=${PENDING_MS}`},
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  const wall = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`AWS-like provision exited ${r.status}: ${r.stdout.slice(0, 600)}`)
  const out = JSON.parse(r.stdout)
  const at = (prefix, edge) => {
    const xs = out.timeline.filter((t) => t.id.startsWith(prefix)).map((t) => t[edge])
    return xs.length ? Math.max(...xs) : NaN
  }
  console.log('')
  console.log(
    `AWS-like waits (every create pending ${PENDING_MS} ms, new ids not found for 3000 ms), one full provision:`,
  )
  console.log(`  wall time (CLI)              ${wall.toFixed(0).padStart(7)} ms`)
  console.log(`  provision elapsed            ${String(out.elapsedMs).padStart(7)} ms`)
  console.log(
    `  apply critical path          ${String(out.criticalPathMs).padStart(7)} ms  (the apply cannot be shorter)`,
  )
  console.log(`  NAT gateways ready at        ${at('network/nat/', 'endMs').toFixed(0).padStart(7)} ms`)
  console.log(`  EKS cluster started at       ${at('eks/cluster', 'startMs').toFixed(0).padStart(7)} ms`)
  console.log(`  Aurora cluster started at    ${at('aurora/cluster', 'startMs').toFixed(0).padStart(7)} ms`)
  console.log(`  retries waiting for AWS      ${String(out.retrying?.retries ?? 0).padStart(7)}`)
} finally {
  kube.kill('SIGTERM')
  moto.kill('SIGTERM')
  rmSync(work, {recursive: true, force: true})
}
