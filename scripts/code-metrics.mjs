// Code-health figures for src/, commands/ and checks/: lines over 120 characters, non-null
// assertions, `as` casts (`as const` excluded) and the largest functions. Printed, never asserted.
import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import ts from 'typescript'

const roots = ['src', 'commands', 'checks']
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (p.endsWith('.ts')) files.push(p)
  }
}
for (const r of roots) walk(r)

let long = 0
let longest = 0
let nonNull = 0
let casts = 0
const functions = []
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  for (const line of text.split('\n')) {
    if (line.length > 120) long++
    longest = Math.max(longest, line.length)
  }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line
  const visit = (node) => {
    if (ts.isNonNullExpression(node)) nonNull++
    if (ts.isAsExpression(node) && !(ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(sf) === 'const'))
      casts++
    const named =
      ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)
        ? node.name?.getText(sf)
        : (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)
          ? node.parent.name.getText(sf)
          : undefined
    if (named) {
      const cls =
        ts.isMethodDeclaration(node) && ts.isClassDeclaration(node.parent) ? `${node.parent.name?.getText(sf)}.` : ''
      functions.push({name: `${cls}${named}`, file, lines: lineOf(node.getEnd()) - lineOf(node.getStart(sf)) + 1})
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
}
functions.sort((a, b) => b.lines - a.lines)
const wanted = ['resolveDesign', 'reconcileResource', 'lintDesign', 'Provision.run']
console.log(`files: ${files.length}`)
console.log(`lines over 120 characters: ${long} (longest ${longest})`)
console.log(`non-null assertions: ${nonNull}`)
console.log(`as casts (as const excluded): ${casts}`)
for (const w of wanted) {
  const f = functions.find((x) => x.name === w)
  console.log(`${w}: ${f ? `${f.lines} lines (${f.file})` : 'not found'}`)
}
console.log('largest functions:')
for (const f of functions.slice(0, 10)) console.log(`  ${f.lines}\t${f.name}\t${f.file}`)
