// Writes schema/platform.config.schema.json from the zod schema the tool validates with,
// so editors and the tool can never disagree. Run by `npm run build`.
import {mkdirSync, writeFileSync} from 'node:fs'
import {z} from 'zod'
import {configSchema} from '../dist/src/design/config-schema.js'

const schema = z.toJSONSchema(configSchema, {target: 'draft-2020-12'})
schema.title = 'platform.config.yaml'
mkdirSync('schema', {recursive: true})
writeFileSync('schema/platform.config.schema.json', JSON.stringify(schema, null, 2) + '\n')
