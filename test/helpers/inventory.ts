import {ACMClient, ListCertificatesCommand, ListTagsForCertificateCommand} from '@aws-sdk/client-acm'
import {CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand} from '@aws-sdk/client-cloudfront'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2'
import {DescribeRepositoriesCommand, ECRClient} from '@aws-sdk/client-ecr'
import {EKSClient, ListClustersCommand} from '@aws-sdk/client-eks'
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {IAMClient, ListRolesCommand, ListRoleTagsCommand} from '@aws-sdk/client-iam'
import {DescribeKeyCommand, KMSClient, ListAliasesCommand} from '@aws-sdk/client-kms'
import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
} from '@aws-sdk/client-rds'
import {ListBucketsCommand, S3Client} from '@aws-sdk/client-s3'
import {ListWebACLsCommand, WAFV2Client} from '@aws-sdk/client-wafv2'

const has = (tags: Tag[] | undefined, env: string) =>
  tags?.some((t) => t.Key === 'environment' && t.Value === env) &&
  tags.some((t) => t.Key === 'managed-by' && t.Value === 'platform')

/**
 * Everything of one environment, read independently of the tool, service by service (the
 * emulator's tagging API covers too few types to answer this): "type name" strings, sorted.
 */
export async function environmentInventory(url: string, env: string, project = 'medical-ai'): Promise<string[]> {
  const cfg = (region: string) => ({
    region,
    endpoint: url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    forcePathStyle: true,
  })
  const p = `${project}-${env}`
  const out: string[] = []
  const ec2 = new EC2Client(cfg('ap-northeast-1'))
  const tagged = <T extends {Tags?: Tag[]}>(items: T[] | undefined) => (items ?? []).filter((i) => has(i.Tags, env))
  for (const v of tagged((await ec2.send(new DescribeVpcsCommand({}))).Vpcs)) out.push(`vpc ${v.VpcId}`)
  for (const s of tagged((await ec2.send(new DescribeSubnetsCommand({}))).Subnets)) out.push(`subnet ${s.SubnetId}`)
  for (const n of tagged((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways).filter(
    (n) => n.State !== 'deleted',
  ))
    out.push(`nat ${n.NatGatewayId}`)
  for (const a of tagged((await ec2.send(new DescribeAddressesCommand({}))).Addresses))
    out.push(`eip ${a.AllocationId}`)
  for (const r of tagged((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables))
    out.push(`route-table ${r.RouteTableId}`)
  for (const i of tagged((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways))
    out.push(`igw ${i.InternetGatewayId}`)
  for (const g of tagged((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups))
    out.push(`sg ${g.GroupName}`)
  for (const f of tagged((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs))
    out.push(`flow-log ${f.FlowLogId}`)
  const iam = new IAMClient(cfg('ap-northeast-1'))
  for (const r of (await iam.send(new ListRolesCommand({}))).Roles ?? []) {
    if (has((await iam.send(new ListRoleTagsCommand({RoleName: r.RoleName}))).Tags, env)) out.push(`role ${r.RoleName}`)
  }
  for (const region of ['ap-northeast-1', 'ap-northeast-3']) {
    const kms = new KMSClient(cfg(region))
    for (const a of (await kms.send(new ListAliasesCommand({}))).Aliases ?? []) {
      if (!a.AliasName?.startsWith(`alias/${p}`) || !a.TargetKeyId) continue
      const k = (await kms.send(new DescribeKeyCommand({KeyId: a.TargetKeyId}))).KeyMetadata
      if (k?.KeyState !== 'PendingDeletion') out.push(`kms ${a.AliasName}`)
    }
  }
  for (const b of (await new S3Client(cfg('ap-northeast-1')).send(new ListBucketsCommand({}))).Buckets ?? [])
    if (b.Name?.startsWith(`${p}-`)) out.push(`bucket ${b.Name}`)
  const rds = new RDSClient(cfg('ap-northeast-1'))
  for (const c of (await rds.send(new DescribeDBClustersCommand({}))).DBClusters ?? [])
    if (has(c.TagList, env)) out.push(`db-cluster ${c.DBClusterIdentifier}`)
  for (const i of (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
    if (has(i.TagList, env)) out.push(`db-instance ${i.DBInstanceIdentifier}`)
  for (const g of (await rds.send(new DescribeDBSubnetGroupsCommand({}))).DBSubnetGroups ?? [])
    if (g.DBSubnetGroupName?.startsWith(p)) out.push(`db-subnet-group ${g.DBSubnetGroupName}`)
  for (const g of (await rds.send(new DescribeDBClusterParameterGroupsCommand({}))).DBClusterParameterGroups ?? [])
    if (g.DBClusterParameterGroupName?.startsWith(p)) out.push(`db-parameter-group ${g.DBClusterParameterGroupName}`)
  for (const c of (await new EKSClient(cfg('ap-northeast-1')).send(new ListClustersCommand({}))).clusters ?? [])
    if (c.startsWith(p)) out.push(`eks ${c}`)
  const elb = new ElasticLoadBalancingV2Client(cfg('ap-northeast-1'))
  for (const l of (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [])
    if (l.LoadBalancerName?.startsWith(p)) out.push(`alb ${l.LoadBalancerName}`)
  for (const t of (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [])
    if (t.TargetGroupName?.startsWith(p)) out.push(`target-group ${t.TargetGroupName}`)
  for (const r of (await new ECRClient(cfg('ap-northeast-1')).send(new DescribeRepositoriesCommand({}))).repositories ??
    [])
    if (r.repositoryName?.startsWith(`${p}/`)) out.push(`ecr ${r.repositoryName}`)
  for (const w of (await new WAFV2Client(cfg('us-east-1')).send(new ListWebACLsCommand({Scope: 'CLOUDFRONT'})))
    .WebACLs ?? [])
    if (w.Name?.startsWith(p)) out.push(`web-acl ${w.Name}`)
  const cf = new CloudFrontClient(cfg('us-east-1'))
  for (const d of (await cf.send(new ListDistributionsCommand({}))).DistributionList?.Items ?? []) {
    if (
      (await cf.send(new GetDistributionConfigCommand({Id: d.Id}))).DistributionConfig?.CallerReference ===
      `platform-${p}-cdn`
    )
      out.push(`distribution ${d.Id}`)
  }
  for (const region of ['ap-northeast-1', 'us-east-1']) {
    const acm = new ACMClient(cfg(region))
    for (const c of (await acm.send(new ListCertificatesCommand({}))).CertificateSummaryList ?? []) {
      if (has((await acm.send(new ListTagsForCertificateCommand({CertificateArn: c.CertificateArn}))).Tags, env))
        out.push(`certificate ${region}`)
    }
    for (const g of (await new CloudWatchLogsClient(cfg(region)).send(new DescribeLogGroupsCommand({}))).logGroups ??
      [])
      if (g.logGroupName?.includes(p)) out.push(`log-group ${g.logGroupName}`)
  }
  return out.sort()
}
