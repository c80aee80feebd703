import {DescribeKeyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand} from '@aws-sdk/client-kms'
import {environmentInventory} from './inventory.js'

/**
 * How many of each resource type the environment has, read independently of the tool:
 * environmentInventory's types, plus every KMS key carrying the environment's tags that is not
 * pending deletion (the inventory counts keys by alias, which a leaked duplicate key has not).
 */
export async function resourceCounts(url: string, env: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const line of await environmentInventory(url, env)) {
    const type = line.split(' ')[0]!
    counts[type] = (counts[type] ?? 0) + 1
  }
  for (const region of ['ap-northeast-1', 'ap-northeast-3', 'us-east-1']) {
    const kms = new KMSClient({
      region,
      endpoint: url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      const tags = (await kms.send(new ListResourceTagsCommand({KeyId: k.KeyId}))).Tags ?? []
      if (!tags.some((t) => t.TagKey === 'environment' && t.TagValue === env)) continue
      const meta = (await kms.send(new DescribeKeyCommand({KeyId: k.KeyId}))).KeyMetadata
      if (meta?.KeyState !== 'PendingDeletion') counts['kms-key'] = (counts['kms-key'] ?? 0) + 1
    }
  }
  return counts
}
