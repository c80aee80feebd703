/**
 * A relative path read from untrusted data (an evidence manifest, an archive entry, an S3 key
 * below a prefix) before it is joined to a local directory. It lives in files/, beside the other
 * local-file guards, because both src/aws (downloads) and src/evidence (manifests, archives) need
 * it and aws/ must not depend on evidence/. S3 keys are arbitrary UTF-8 up to 1,024 bytes with no hierarchy: `../x`, `/etc/x`,
 * `a//b` and the console's zero-byte "folder" objects (`dir/`) are all valid keys
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html), so nothing about a
 * key makes it a safe file name. Returns why the path is refused, or undefined when it is a
 * plain relative POSIX path that stays inside the directory it is joined to.
 */
export function unsafeBundlePath(path: string): string | undefined {
  if (path.length === 0) return 'an empty name'
  if (Buffer.byteLength(path) > 1024) return 'a name over 1,024 bytes'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'a control character in the name'
  if (path.startsWith('/')) return 'an absolute path'
  if (path.includes('\\')) return 'a backslash in the name'
  if (path.endsWith('/')) return 'a folder marker (a name ending in "/")'
  const segments = path.split('/')
  if (segments.includes('..')) return 'a ".." path segment'
  if (segments.includes('.') || segments.includes('')) return 'an empty or "." path segment'
  return undefined
}
