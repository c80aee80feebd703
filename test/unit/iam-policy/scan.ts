import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {SERVICES} from '../../../src/iam-policy/services.js'

/**
 * Every AWS call a source file can send, found the way a reviewer would: `new XCommand(` and
 * `paginateX(` names, resolved to their SDK package through the file's imports. Returns
 * file (relative to root) -> `Service.Operation` as the recorder names them.
 */
export function scanSources(root: string, dir = 'src'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const file of walk(join(root, dir))) {
    const text = readFileSync(file, 'utf8')
    const pkgOf = new Map<string, string>()
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g))
      for (const name of m[1]!.split(',')) pkgOf.set(name.trim().replace(/^type\s+/, ''), m[2]!)
    const calls = new Set<string>()
    for (const m of text.matchAll(/new (\w+)Command\(|\bpaginate(\w+)\(/g)) {
      const ident = m[1] ? `${m[1]}Command` : `paginate${m[2]}`
      const pkg = pkgOf.get(ident)
      if (!pkg) continue // a local class named *Command, not an SDK call
      const svc = SERVICES[pkg]
      if (!svc) throw new Error(`${file}: ${pkg} is not in src/iam-policy/services.ts`)
      calls.add(`${svc.recorder}.${m[1] ?? m[2]}`)
    }
    if (calls.size) out.set(relative(root, file), calls)
  }
  return out
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
  })
}
