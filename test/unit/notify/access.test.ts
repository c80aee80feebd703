import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {GetSecretValueCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {CreateTopicCommand, PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {BatchImportFindingsCommand, SecurityHubClient} from '@aws-sdk/client-securityhub'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {REPORTING_CALLS} from '../../../src/notify/reporting.js'

/**
 * The refusal happens in the tool's own middleware, before the SDK sends: an endpoint on this
 * machine counts what reached the wire (aws-sdk-client-mock would replace `send` and with it
 * the middleware under test).
 */
const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:platform-audit'
const credentials = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
let server: Server
let endpointUrl: string
let seen: string[]

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      const target = req.headers['x-amz-target']
      if (typeof target === 'string' && target.startsWith('secretsmanager')) {
        seen.push('SecretsManager.GetSecretValue')
        res.writeHead(200, {'content-type': 'application/x-amz-json-1.1'})
        res.end(JSON.stringify({SecretString: 'x'}))
      } else if (req.url?.startsWith('/findings/import')) {
        seen.push('SecurityHub.BatchImportFindings')
        res.writeHead(200, {'content-type': 'application/json'})
        res.end(JSON.stringify({FailedCount: 0, SuccessCount: 0, FailedFindings: []}))
      } else {
        seen.push(`SNS.${/Action=(\w+)/.exec(body)?.[1] ?? '?'}`)
        res.writeHead(200, {'content-type': 'text/xml'})
        res.end(
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
        )
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())
beforeEach(() => (seen = []))

describe('access: the audit reads only; reporting may Publish and import, nothing else', () => {
  it("the audit's read-only access refuses Publish and BatchImportFindings before sending", async () => {
    const audit = new AwsAccess({credentials, endpointUrl, readOnly: true, maxAttempts: 1})
    await expect(
      audit.client(SNSClient, 'ap-northeast-1').send(new PublishCommand({TopicArn: TOPIC, Message: 'x'})),
    ).rejects.toMatchObject({code: 'READ_ONLY'})
    await expect(
      audit.client(SecurityHubClient, 'ap-northeast-1').send(new BatchImportFindingsCommand({Findings: []})),
    ).rejects.toMatchObject({code: 'READ_ONLY'})
    expect(seen).toEqual([])
    audit.destroy()
  })

  it('the reporting access sends Publish, BatchImportFindings and reads, and refuses any other mutating call', async () => {
    const a = new AwsAccess({credentials, endpointUrl, allowMutating: REPORTING_CALLS, maxAttempts: 1})
    const out = await a.client(SNSClient, 'ap-northeast-1').send(new PublishCommand({TopicArn: TOPIC, Message: 'x'}))
    expect(out.MessageId).toBe('m-1')
    await a.client(SecurityHubClient, 'ap-northeast-1').send(new BatchImportFindingsCommand({Findings: []}))
    await a.client(SecretsManagerClient, 'ap-northeast-1').send(new GetSecretValueCommand({SecretId: 's'}))
    await expect(a.client(SNSClient, 'ap-northeast-1').send(new CreateTopicCommand({Name: 'x'}))).rejects.toMatchObject(
      {code: 'READ_ONLY'},
    )
    expect(seen).toEqual(['SNS.Publish', 'SecurityHub.BatchImportFindings', 'SecretsManager.GetSecretValue'])
    expect(a.recorder.summary().byOperation).toEqual({
      'SNS.Publish': 1,
      'SecurityHub.BatchImportFindings': 1,
      'SecretsManager.GetSecretValue': 1,
    })
    a.destroy()
  })
})
