import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
  type CertificateDetail,
} from '@aws-sdk/client-acm'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {certificatesLayer} from '../../../src/layers/certificates/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'
import {PlatformError} from '../../../src/errors.js'

const acm = mockClient(ACMClient)
const ARN = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/1'

function ctx(): EngineContext {
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '123456789012',
    mode: 'apply',
  })
}
const regional = (c: EngineContext) => certificatesLayer.steps(c)[0]![0] as AnyResourceDef

/** DescribeCertificate as ACM answers in the seconds after RequestCertificate (aws/aws-cdk#18033). */
const describing = (records: number, status = 'PENDING_VALIDATION'): {Certificate: CertificateDetail} => ({
  Certificate: {
    CertificateArn: ARN,
    DomainName: '*.example.com',
    Status: status as CertificateDetail['Status'],
    DomainValidationOptions: ['*.example.com', 'example.com'].map((d, i) => ({
      DomainName: d,
      ValidationMethod: 'DNS',
      ...(i < records
        ? {ResourceRecord: {Name: `_x${i}.example.com.`, Type: 'CNAME', Value: `_y${i}.acm-validations.aws.`}}
        : {}),
    })),
  },
})

describe('ACM certificates on real AWS', () => {
  beforeEach(() => {
    acm.reset()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('waits until every name has its validation record before going on, so the operator sees every record at once', async () => {
    acm.on(RequestCertificateCommand).resolves({CertificateArn: ARN})
    acm.on(DescribeCertificateCommand).resolvesOnce(describing(0)).resolvesOnce(describing(1)).resolves(describing(2))
    const created = regional(ctx()).create(ctx()) as Promise<{cert: CertificateDetail}>
    await vi.advanceTimersByTimeAsync(10_000)
    const live = await created
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 3)
    expect(live.cert.DomainValidationOptions?.every((o) => o.ResourceRecord)).toBe(true)
  })

  it("a request token is this run's: a new run after destroy never gets the deleted certificate back", async () => {
    acm.on(RequestCertificateCommand).resolves({CertificateArn: ARN})
    acm.on(DescribeCertificateCommand).resolves(describing(2))
    const c1 = ctx()
    await regional(c1).create(c1)
    await regional(c1).create(c1)
    const c2 = ctx()
    await regional(c2).create(c2)
    const tokens = acm.commandCalls(RequestCertificateCommand).map((call) => call.args[0].input.IdempotencyToken!)
    // Same run: the same token (ACM's one-hour window de-duplicates a retried request).
    expect(tokens[0]).toBe(tokens[1])
    // A later run: another token. ACM's API reference allows \w+ up to 32 characters.
    expect(tokens[2]).not.toBe(tokens[0])
    for (const t of tokens) expect(t).toMatch(/^\w{1,32}$/)
  })

  it('an unvalidated certificate ends the wait with the records to create and what to do', async () => {
    acm.on(DescribeCertificateCommand).resolves(describing(2))
    const c = ctx()
    const notices: string[] = []
    c.notice = (m) => notices.push(m)
    const def = regional(c)
    const waiting = def.ready!(c, {cert: describing(2).Certificate, tags: {}}).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(31 * 60_000)
    const err = (await waiting) as PlatformError
    expect(err).toBeInstanceOf(PlatformError)
    expect(err.code).toBe('CERTIFICATE_NOT_VALIDATED')
    expect(err.message).toContain(
      '_x0.example.com. CNAME _y0.acm-validations.aws.; _x1.example.com. CNAME _y1.acm-validations.aws.',
    )
    expect(err.remedy).toMatch(/^Create the CNAME record\(s\) above in the DNS zone of example\.com/)
    expect(err.exitCode).toBe(4)
    // Told at once, before the wait, outside the progress display.
    expect(notices).toEqual([
      `Certificate ${ARN} (*.example.com) awaits DNS validation: create _x0.example.com. CNAME _y0.acm-validations.aws.; _x1.example.com. CNAME _y1.acm-validations.aws.`,
    ])
    expect(acm).not.toHaveReceivedCommand(ListCertificatesCommand)
  })
})
