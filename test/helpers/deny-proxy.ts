import {createServer, request, type Server} from 'node:http'

/**
 * A loopback proxy in front of the emulator that answers AccessDenied (HTTP 403, S3's XML
 * error) to every request `deny` matches and forwards the rest: denied reads on the wire.
 */
export async function denyProxy(
  target: string,
  deny: (req: {method: string; url: string; host: string; headers: Record<string, unknown>}) => boolean,
): Promise<{url: string; close(): Promise<void>}> {
  const t = new URL(target)
  const server: Server = createServer((req, res) => {
    const info = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: String(req.headers.host ?? ''),
      headers: req.headers,
    }
    if (deny(info)) {
      req.resume()
      res.writeHead(403, {'content-type': 'application/xml'})
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>deny-proxy</RequestId></Error>',
      )
      return
    }
    const up = request(
      {host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers},
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      },
    )
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address() as {port: number}
  return {url: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => server.close(() => r()))}
}
