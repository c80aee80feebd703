// Writes test/fixtures/inventory-dev.json: the inventory of a freshly provisioned dev
// environment (config/local-dev.yaml) read from the emulator at AWS_ENDPOINT_URL. The check
// unit tests judge it (clean) and drifted copies of it. Regenerate after changing a layer:
//   AWS_ENDPOINT_URL=http://127.0.0.1:PORT PLATFORM_EMULATOR=moto node scripts/inventory-fixture.mjs
import {writeFileSync} from 'node:fs'
import {AwsAccess} from '../dist/src/aws/clients.js'
import {callerIdentity} from '../dist/src/aws/identity.js'
import {collectInventory} from '../dist/src/audit/inventory.js'
import {loadConfig} from '../dist/src/design/config.js'
import {resolveDesign} from '../dist/src/design/resolve.js'
import {LAYERS} from '../dist/src/layers/index.js'
import {redact} from '../dist/src/evidence/redact.js'

const {config, file} = loadConfig({path: 'config/local-dev.yaml'})
const design = resolveDesign(config, 'dev', file)
const aws = new AwsAccess({readOnly: true})
const identity = await callerIdentity(aws, design.region)
const inv = await collectInventory({aws, design, layers: LAYERS, identity, concurrency: 4})
writeFileSync(
  'test/fixtures/inventory-dev.json',
  // Redacted as evidence is: the origin secret header of albOriginLockdown must not be committed.
  JSON.stringify(redact({...inv, items: [...inv.items.values()]}, []), null, 1) + '\n',
)
aws.destroy()
console.log(`${inv.items.size} items`)
