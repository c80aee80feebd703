// The demo's fake Kubernetes API (scripts/demo.sh): `node --import tsx test/helpers/fake-kube-main.ts PORT`.
import {FakeKube} from './fake-kube.js'

const kube = await FakeKube.start(Number(process.argv[2] ?? 0))
console.log(kube.url)
process.on('SIGTERM', () => void kube.stop().then(() => process.exit(0)))
