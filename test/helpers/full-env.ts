import {ACMClient} from '@aws-sdk/client-acm'
import {CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand} from '@aws-sdk/client-cloudfront'
import {EC2Client} from '@aws-sdk/client-ec2'
import {ECRClient} from '@aws-sdk/client-ecr'
import {EKSClient} from '@aws-sdk/client-eks'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {IAMClient} from '@aws-sdk/client-iam'
import {KMSClient} from '@aws-sdk/client-kms'
import {RDSClient} from '@aws-sdk/client-rds'
import {S3Client} from '@aws-sdk/client-s3'
import {GetWebACLCommand, ListWebACLsCommand, WAFV2Client} from '@aws-sdk/client-wafv2'

/** Independent SDK clients for every service, per region, pointed at the emulator. */
export function clients(url: string) {
  const cfg = (region: string) => ({
    region,
    endpoint: url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    forcePathStyle: true,
  })
  const tokyo = cfg('ap-northeast-1')
  return {
    ec2: new EC2Client(tokyo),
    eks: new EKSClient(tokyo),
    rds: new RDSClient(tokyo),
    s3: new S3Client(tokyo),
    s3Dr: new S3Client(cfg('ap-northeast-3')),
    kms: new KMSClient(tokyo),
    kmsDr: new KMSClient(cfg('ap-northeast-3')),
    iam: new IAMClient(tokyo),
    ecr: new ECRClient(tokyo),
    elb: new ElasticLoadBalancingV2Client(tokyo),
    waf: new WAFV2Client(cfg('us-east-1')),
    cf: new CloudFrontClient(cfg('us-east-1')),
    acmGlobal: new ACMClient(cfg('us-east-1')),
  }
}
export type Clients = ReturnType<typeof clients>

export async function distributionOf(c: Clients, env: string) {
  for (const d of (await c.cf.send(new ListDistributionsCommand({}))).DistributionList?.Items ?? []) {
    const conf = await c.cf.send(new GetDistributionConfigCommand({Id: d.Id}))
    if (conf.DistributionConfig?.CallerReference === `platform-medical-ai-${env}-cdn`)
      return {id: d.Id!, arn: d.ARN!, config: conf.DistributionConfig, etag: conf.ETag!}
  }
  return undefined
}

export async function webAclOf(c: Clients, env: string) {
  const s = (await c.waf.send(new ListWebACLsCommand({Scope: 'CLOUDFRONT'}))).WebACLs?.find(
    (w) => w.Name === `medical-ai-${env}-web-acl`,
  )
  if (!s) return undefined
  const r = await c.waf.send(new GetWebACLCommand({Name: s.Name, Scope: 'CLOUDFRONT', Id: s.Id}))
  return {acl: r.WebACL!, lockToken: r.LockToken!}
}
