import {createHash} from 'node:crypto'
import {
  ACMClient,
  AddTagsToCertificateCommand,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
  type CertificateDetail,
} from '@aws-sdk/client-acm'
import {TAG_KEYS, isOwned} from '../../aws/naming.js'
import {waitUntil} from '../../aws/wait.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, tagsField} from '../tags.js'
import {RESOURCES, type ResourceKey, type CertificateOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'
import {AwsCallError} from '../../errors.js'

interface LiveCertificate {
  cert: CertificateDetail
  tags: Record<string, string>
}

const acm = (ctx: EngineContext, region: string) => ctx.aws.client(ACMClient, region)
const toMap = (t: {Key?: string; Value?: string}[] | undefined) =>
  Object.fromEntries((t ?? []).map((x) => [x.Key!, x.Value ?? '']))

/** What the operator must put in DNS when the domain's zone is not managed here. */
export function validationRecords(cert: CertificateDetail): string[] {
  return (cert.DomainValidationOptions ?? [])
    .filter((o) => o.ResourceRecord)
    .map((o) => `${o.ResourceRecord!.Name} ${o.ResourceRecord!.Type} ${o.ResourceRecord!.Value}`)
}

/**
 * ACM fills in a DNS validation record some seconds after RequestCertificate, and not always for
 * every name at once (terraform's waitCertificateDomainValidationsAvailable polls for it;
 * aws/aws-sdk-js#2133, aws/aws-cdk#18033): wait until every name has its record, so the
 * operator is told every record to create from the first message on.
 */
export async function untilValidationRecords(client: ACMClient, arn: string): Promise<CertificateDetail> {
  return waitUntil(
    `ACM to publish the DNS validation records of ${arn}`,
    async () =>
      present((await client.send(new DescribeCertificateCommand({CertificateArn: arn}))).Certificate, 'Certificate'),
    (c) => {
      const options = c.DomainValidationOptions ?? []
      const ready = options.length > 0 && options.every((o) => o.ResourceRecord || o.ValidationStatus === 'SUCCESS')
      return ready || c.Status === 'ISSUED' ? 'done' : 'pending'
    },
    (c) => `${(c.DomainValidationOptions ?? []).filter((o) => o.ResourceRecord).length} record(s) so far`,
    {timeoutMs: 5 * 60_000, minDelayMs: 1_000, maxDelayMs: 10_000},
  )
}

/** The wait for issuance ended: the one thing that helps is the records, so the error carries them. */
function unvalidated(err: unknown, domain: string, records: string): unknown {
  if (!(err instanceof AwsCallError) || err.code !== 'WAIT_TIMEOUT') return err
  return new AwsCallError(
    `${err.message} ACM issues it only once these DNS records exist: ${records}`,
    `Create the CNAME record(s) above in the DNS zone of ${domain.replace(/^\*\./, '')} (ACM checks them every few minutes), then run provision again: it resumes with the same certificate.`,
    'CERTIFICATE_NOT_VALIDATED',
    err,
  )
}

function certificateResource(spec: {
  key: ResourceKey<{arn: string; status: string; validation: string}>
  region: (c: EngineContext) => string
  requirement: string
  purpose: string
}): ResourceDef<LiveCertificate, CertificateOutputs> {
  const name = (c: EngineContext) => `${c.design.project}-${c.design.env}-${spec.purpose}-cert`
  return {
    key: spec.key,
    name: `${spec.purpose} certificate`,
    region: spec.region,
    requirements: [spec.requirement],
    async find(ctx) {
      const client = acm(ctx, spec.region(ctx))
      let token: string | undefined
      do {
        const page = await client.send(
          new ListCertificatesCommand({NextToken: token, CertificateStatuses: ['PENDING_VALIDATION', 'ISSUED']}),
        )
        for (const s of page.CertificateSummaryList ?? []) {
          if (s.DomainName !== ctx.design.certificate.domainName) continue
          const tags = toMap(
            (await client.send(new ListTagsForCertificateCommand({CertificateArn: s.CertificateArn}))).Tags,
          )
          if (tags[TAG_KEYS.logicalId] !== spec.key.id || !isOwned(tags, ctx.design.project, ctx.design.env)) continue
          const cert = (await client.send(new DescribeCertificateCommand({CertificateArn: s.CertificateArn})))
            .Certificate!
          return {cert, tags}
        }
        token = page.NextToken
      } while (token)
      return undefined
    },
    async create(ctx) {
      const client = acm(ctx, spec.region(ctx))
      const tags = desiredTags(ctx, spec.key, name(ctx))
      const res = await client.send(
        new RequestCertificateCommand({
          DomainName: ctx.design.certificate.domainName,
          ValidationMethod: 'DNS',
          // ACM issues one certificate for one token within an hour
          // (https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html), so
          // the SDK's retry after a lost response makes no second one. The token is this run's:
          // a token fixed per environment would, after destroy, answer a new run with the deleted
          // certificate for up to an hour. A later run finds a certificate an earlier run made
          // through `find` (ListCertificates) before it requests one.
          IdempotencyToken: createHash('sha256')
            .update(`${ctx.design.project}|${ctx.design.env}|${spec.key.id}|${ctx.aws.runId}`)
            .digest('hex')
            .slice(0, 32),
          Tags: Object.entries(tags).map(([Key, Value]) => ({Key, Value})),
        }),
      )
      const arn = present(res.CertificateArn, 'CertificateArn')
      return {cert: await untilValidationRecords(client, arn), tags}
    },
    fields: (ctx) => [
      {
        path: 'domainName',
        requirement: spec.requirement,
        expected: ctx.design.certificate.domainName,
        actual: (l) => l.cert.DomainName,
        immutable: true,
      },
      {
        path: 'validationMethod',
        requirement: spec.requirement,
        expected: 'DNS',
        actual: (l) => l.cert.DomainValidationOptions?.[0]?.ValidationMethod ?? 'DNS',
        immutable: true,
      },
      tagsField(desiredTags(ctx, spec.key, name(ctx)), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await acm(ctx, spec.region(ctx)).send(
          new AddTagsToCertificateCommand({
            CertificateArn: live.cert.CertificateArn,
            Tags: Object.entries(t.expected as Record<string, string>).map(([Key, Value]) => ({Key, Value})),
          }),
        )
    },
    async ready(ctx, live) {
      if (live.cert.Status === 'ISSUED') return live
      // At once and outside the progress display: nothing else makes the wait end.
      ctx.notice(
        `Certificate ${live.cert.CertificateArn} (${ctx.design.certificate.domainName}) awaits DNS validation: create ${validationRecords(live.cert).join('; ')}`,
      )
      // The load balancer and CloudFront refuse an unissued certificate. Real AWS issues within
      // minutes of the CNAME existing; without it this stops with the record to create.
      const records = validationRecords(live.cert).join('; ')
      const cert = await waitUntil(
        `certificate for ${ctx.design.certificate.domainName} in ${spec.region(ctx)} to be issued (DNS validation: ${records})`,
        async () =>
          (
            await acm(ctx, spec.region(ctx)).send(
              new DescribeCertificateCommand({CertificateArn: live.cert.CertificateArn}),
            )
          ).Certificate!,
        (c) =>
          c.Status === 'ISSUED'
            ? 'done'
            : c.Status === 'PENDING_VALIDATION'
              ? 'pending'
              : {failed: `${c.Status} ${c.FailureReason ?? ''}`},
        (c) => c.Status ?? 'unknown',
        {timeoutMs: 30 * 60_000, minDelayMs: 5_000, onPoll: ctx.progress},
      ).catch((err: unknown) => {
        throw unvalidated(err, ctx.design.certificate.domainName, records)
      })
      return {...live, cert}
    },
    async delete(ctx, live) {
      await acm(ctx, spec.region(ctx)).send(new DeleteCertificateCommand({CertificateArn: live.cert.CertificateArn}))
    },
    outputs: (l) => ({
      arn: present(l.cert.CertificateArn, 'CertificateArn'),
      status: l.cert.Status ?? '',
      validation: validationRecords(l.cert).join('; '),
    }),
    physicalId: (l) => present(l.cert.CertificateArn, 'CertificateArn'),
  }
}

export const certificatesLayer: LayerDef = {
  name: 'certificates',
  description: 'ACM certificates for *.{domain}: ap-northeast-1 (ALB) and us-east-1 (CloudFront)',
  dependsOn: [],
  steps: () => [
    [
      certificateResource({
        key: RESOURCES.regionalCertificate,
        region: (c) => c.design.region,
        requirement: 'cloudfront.certificate',
        purpose: 'alb',
      }),
      certificateResource({
        key: RESOURCES.cloudfrontCertificate,
        region: (c) => c.design.globalRegion,
        requirement: 'cloudfront.certificate',
        purpose: 'cloudfront',
      }),
    ],
  ],
}
