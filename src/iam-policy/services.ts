/**
 * Each SDK package the tool imports: the service name the call recorder gives its calls
 * (the client class name without `Client`, recorder.ts) and the IAM service prefix.
 * Prefixes: Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const SERVICES: Record<string, {recorder: string; prefix: string}> = {
  '@aws-sdk/client-acm': {recorder: 'ACM', prefix: 'acm'},
  '@aws-sdk/client-backup': {recorder: 'Backup', prefix: 'backup'},
  '@aws-sdk/client-cloudfront': {recorder: 'CloudFront', prefix: 'cloudfront'},
  '@aws-sdk/client-cloudwatch-logs': {recorder: 'CloudWatchLogs', prefix: 'logs'},
  '@aws-sdk/client-cost-explorer': {recorder: 'CostExplorer', prefix: 'ce'},
  '@aws-sdk/client-ec2': {recorder: 'EC2', prefix: 'ec2'},
  '@aws-sdk/client-ecr': {recorder: 'ECR', prefix: 'ecr'},
  '@aws-sdk/client-eks': {recorder: 'EKS', prefix: 'eks'},
  '@aws-sdk/client-elastic-load-balancing-v2': {recorder: 'ElasticLoadBalancingV2', prefix: 'elasticloadbalancing'},
  '@aws-sdk/client-iam': {recorder: 'IAM', prefix: 'iam'},
  '@aws-sdk/client-kms': {recorder: 'KMS', prefix: 'kms'},
  '@aws-sdk/client-pricing': {recorder: 'Pricing', prefix: 'pricing'},
  '@aws-sdk/client-rds': {recorder: 'RDS', prefix: 'rds'},
  '@aws-sdk/client-resource-groups-tagging-api': {recorder: 'ResourceGroupsTaggingAPI', prefix: 'tag'},
  '@aws-sdk/client-route-53': {recorder: 'Route53', prefix: 'route53'},
  '@aws-sdk/client-s3': {recorder: 'S3', prefix: 's3'},
  '@aws-sdk/client-secrets-manager': {recorder: 'SecretsManager', prefix: 'secretsmanager'},
  '@aws-sdk/client-securityhub': {recorder: 'SecurityHub', prefix: 'securityhub'},
  '@aws-sdk/client-service-quotas': {recorder: 'ServiceQuotas', prefix: 'servicequotas'},
  '@aws-sdk/client-sns': {recorder: 'SNS', prefix: 'sns'},
  '@aws-sdk/client-ssm': {recorder: 'SSM', prefix: 'ssm'},
  '@aws-sdk/client-sts': {recorder: 'STS', prefix: 'sts'},
  '@aws-sdk/client-wafv2': {recorder: 'WAFV2', prefix: 'wafv2'},
}

export const PREFIX_BY_RECORDER: Record<string, string> = Object.fromEntries(
  Object.values(SERVICES).map((s) => [s.recorder, s.prefix]),
)
