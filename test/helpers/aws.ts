import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import {EC2Client, type Filter, type Tag} from '@aws-sdk/client-ec2'
import {IAMClient} from '@aws-sdk/client-iam'
import {KMSClient} from '@aws-sdk/client-kms'
import {SSMClient} from '@aws-sdk/client-ssm'

/** Independent SDK clients for tests: they read what the tool claims, without the tool's code. */
export function sdk(url: string, region = 'ap-northeast-1') {
  const config = {region, endpoint: url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}}
  return {
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    kms: new KMSClient(config),
    logs: new CloudWatchLogsClient(config),
    ssm: new SSMClient(config),
  }
}

export const envFilters = (env: string): Filter[] => [
  {Name: 'tag:environment', Values: [env]},
  {Name: 'tag:managed-by', Values: ['platform']},
]

export const tag = (tags: Tag[] | undefined, key: string) => tags?.find((t) => t.Key === key)?.Value

/** Client-side: moto ignores tag filters on some Describe calls (NAT gateways). */
export const ofEnv = <T extends {Tags?: Tag[]}>(items: T[] | undefined, env: string) =>
  (items ?? []).filter((i) => tag(i.Tags, 'environment') === env && tag(i.Tags, 'managed-by') === 'platform')
