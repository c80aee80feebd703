import {existsSync} from 'node:fs'
import YAML from 'yaml'
import {z} from 'zod'
import {YAML_LIMITS} from '../design/config.js'
import {ConfigError} from '../errors.js'
import {readLocalFile} from '../files/local.js'

/** An accepted risk: mutes one check on one resource (or all, "*") until it expires. */
export const exceptionSchema = z.strictObject({
  check: z.string().min(1),
  resource: z.string().min(1),
  reason: z.string().min(10, 'say why the risk is accepted'),
  owner: z.string().min(1),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  // For the exception register (例外管理台帳): who approved the accepted risk, when, and the ticket.
  approvedBy: z.string().min(1).optional(),
  approvedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  ticket: z.string().min(1).optional(),
})
export const exceptionsFileSchema = z.strictObject({exceptions: z.array(exceptionSchema)})
export type AuditException = z.infer<typeof exceptionSchema>

export function loadExceptions(path: string | undefined): {file?: string; exceptions: AuditException[]} {
  const file = path ?? (existsSync('platform.exceptions.yaml') ? 'platform.exceptions.yaml' : undefined)
  if (!file) return {exceptions: []}
  if (!existsSync(file)) throw new ConfigError(`Exceptions file not found: ${file}`, file)
  const text = readLocalFile(file, {what: 'Exceptions file', error: (m) => new ConfigError(m, file)})
  let raw: unknown
  try {
    raw = YAML.parse(text, YAML_LIMITS)
  } catch (err) {
    throw new ConfigError(`${file}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`, file)
  }
  const parsed = exceptionsFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({path: i.path.map(String).join('.'), message: i.message}))
    throw new ConfigError(
      `${file}: invalid exceptions\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      file,
      issues,
    )
  }
  return {file, exceptions: parsed.data.exceptions}
}
