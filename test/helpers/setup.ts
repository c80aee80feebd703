// Every test process: no IMDS lookups (they would leave loopback), no SDK Node-version banner.
process.env.AWS_EC2_METADATA_DISABLED = 'true'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
// Safety net: an unmocked SDK call in a unit test goes to a closed loopback port, never to AWS.
process.env.AWS_ENDPOINT_URL ??= 'http://127.0.0.1:9'
process.env.AWS_ACCESS_KEY_ID ??= 'unit-test'
process.env.AWS_SECRET_ACCESS_KEY ??= 'unit-test'
