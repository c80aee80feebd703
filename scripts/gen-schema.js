// Writes the JSON Schemas in schema/ from the zod schemas the tool itself validates with, so
// editors, consumers and the tool never disagree. Run by `npm run build`.
import {mkdirSync, writeFileSync} from 'node:fs'
import {z} from 'zod'
import {configSchema} from '../dist/src/design/config-schema.js'
import {auditReportSchema} from '../dist/src/audit/report-schema.js'
import {exceptionsFileSchema} from '../dist/src/audit/exceptions.js'

mkdirSync('schema', {recursive: true})
for (const [file, schema, title] of [
  ['platform.config.schema.json', configSchema, 'platform.config.yaml'],
  ['audit-report.schema.json', auditReportSchema, 'platform audit --json'],
  ['exceptions.schema.json', exceptionsFileSchema, 'platform.exceptions.yaml'],
]) {
  const json = z.toJSONSchema(schema, {target: 'draft-2020-12', io: 'input', unrepresentable: 'any'})
  json.title = title
  writeFileSync(`schema/${file}`, JSON.stringify(json, null, 2) + '\n')
}
