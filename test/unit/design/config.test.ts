import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadConfig, parseConfig} from '../../../src/design/config.js'
import {ConfigError} from '../../../src/errors.js'

function fails(text: string): ConfigError {
  try {
    parseConfig(text, 'platform.config.yaml')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('configuration validation', () => {
  it('accepts an empty file and the documented keys', () => {
    expect(parseConfig('', 'f')).toEqual({})
    expect(
      parseConfig(
        'project: acme\ndomain: acme.example\ndrRegion: us-west-2\nenvironments:\n  dev:\n    natGateways: 1\n    deletionProtection: false\n',
        'f',
      ),
    ).toMatchObject({project: 'acme'})
  })

  it('YAML syntax: names the line', () => {
    const e = fails('project: [acme\n')
    expect(e.message).toMatch(/platform\.config\.yaml: YAML syntax error at line \d+, column \d+/)
  })

  it('unknown key: names the path and the key', () => {
    const e = fails('environments:\n  dev:\n    natGateway: 1\n')
    expect(e.issues).toEqual([{path: 'environments.dev', message: expect.stringContaining('unknown key "natGateway"')}])
  })

  it('wrong type: names the path and the expected type', () => {
    const e = fails('environments:\n  dev:\n    natGateways: "one"\n')
    expect(e.issues[0]).toMatchObject({
      path: 'environments.dev.natGateways',
      message: expect.stringMatching(/expected number/),
    })
  })

  it('out-of-range value: says what is allowed', () => {
    const e = fails('environments:\n  prod:\n    natGateways: 4\n')
    expect(e.issues[0]).toMatchObject({path: 'environments.prod.natGateways', message: expect.stringMatching(/<=3|3/)})
  })

  it('CIDR outside the VPC: names the subnet path and the VPC', () => {
    const e = fails('environments:\n  dev:\n    subnets:\n      private-1a:\n        cidr: 10.3.11.0/24\n')
    expect(e.issues).toEqual([
      {
        path: 'environments.dev.subnets.private-1a.cidr',
        message: '10.3.11.0/24 is outside the VPC 10.2.0.0/16: a subnet must lie inside its VPC',
      },
    ])
  })

  it('a configured environment needs a VPC CIDR', () => {
    const e = fails('environments:\n  qa:\n    natGateways: 1\n')
    expect(e.issues).toEqual([
      {path: 'environments.qa.vpcCidr', message: 'required for an environment other than prod, staging, dev'},
    ])
  })

  it('a malformed CIDR says what a CIDR looks like', () => {
    const e = fails('environments:\n  qa:\n    vpcCidr: 10.9.0.1/16\n')
    expect(e.issues[0]).toMatchObject({
      path: 'environments.qa.vpcCidr',
      message: expect.stringContaining('network address'),
    })
  })

  it('loadConfig: an explicit --config that does not exist is an error; no file means defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    expect(loadConfig({cwd: dir})).toEqual({config: {}})
    expect(() => loadConfig({cwd: dir, path: 'missing.yaml'})).toThrow(/Configuration file not found/)
    writeFileSync(join(dir, 'platform.config.yaml'), 'project: acme\n')
    expect(loadConfig({cwd: dir})).toMatchObject({config: {project: 'acme'}, file: join(dir, 'platform.config.yaml')})
  })
})
