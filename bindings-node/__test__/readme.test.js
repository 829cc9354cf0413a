'use strict'
// The README's runnable examples (the code blocks after `<!-- run: esm -->` or
// `<!-- run: cjs -->`), run as pasted with the package the suite tests. The
// fetch example talks to a local node:http server that verifies its request.

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { paysign, resolved } = require('./helpers.js')

// The README shipped in the package (it is in `files`).
const readmePath = path.join(path.dirname(resolved), 'README.md')
const readme = fs.readFileSync(readmePath, 'utf8')
const blocks = [...readme.matchAll(/<!-- run: (esm|cjs) -->\n```js\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1], code: m[2] }))

// Inside this directory, so that `paysign` resolves as it does for these tests.
const dir = fs.mkdtempSync(path.join(__dirname, '.readme-run-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

function run(file, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd: dir, env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }),
    )
  })
}

test('the README has runnable examples of both module kinds', () => {
  assert.deepEqual([...new Set(blocks.map((b) => b.kind))].sort(), ['cjs', 'esm'])
  assert.equal(blocks.filter((b) => b.kind === 'esm').length, 1)
})

// Each further example prints what its comments say it prints.
const printed = [
  [/^xpay KSKDFJOP934ALSFDJP34$/m, /^refused: replayed$/m],
  [/^1455716783helloworldapikey=KSKDFJOP934ALSFDJP34$/m, /^false \[ 'resource_path_leading_slash' \]$/m],
  [/^verified notification from key my-key-id - 42 bytes$/m, /^200 401 signature_mismatch$/m],
]
test('every further cjs example runs as pasted and prints what it says', async () => {
  const rest = blocks.filter((b) => b.kind === 'cjs').slice(1)
  assert.equal(rest.length, printed.length)
  for (const [i, block] of rest.entries()) {
    const file = path.join(dir, `example-${i}.cjs`)
    fs.writeFileSync(file, block.code)
    const result = await run(file, {})
    assert.equal(result.code, 0, result.stderr)
    for (const line of printed[i]) assert.match(result.stdout, line)
  }
})

test('the flat-function example runs as pasted', async () => {
  const block = blocks.find((b) => b.kind === 'cjs')
  const file = path.join(dir, 'flat.cjs')
  fs.writeFileSync(file, block.code)
  const result = await run(file, {})
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /PSSERVER accessid=APIUser1000; timestamp=2017-07-20T20:45:44.0973928Z; signature=F\/T\+LkJ\+mjzOddWQVRCpbmtgdHiBotZsVS3D4VWUwlE=/)
})

test('the createSignedFetch example runs as pasted against a verifying server', async () => {
  const apiKey = 'READMEAPIKEY'
  const secret = 'readme-shared-secret'
  const seen = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const query = req.url.split('?')[1] ?? ''
      try {
        paysign.verifyXPayToken(secret, req.headers['x-pay-token'], 'fundstransfer/v1/pullfundstransactions', query, body)
        seen.push({ url: req.url, body: JSON.parse(body.toString()) })
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"transactionIdentifier":"381228649430011"}')
      } catch (e) {
        res.writeHead(401, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ reason: e.reason ?? e.message }))
      }
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const block = blocks.find((b) => b.kind === 'esm')
    const file = path.join(dir, 'main.mjs')
    fs.writeFileSync(file, block.code)
    const result = await run(file, {
      PAYSIGN_VISA_API_KEY: apiKey,
      PAYSIGN_VISA_SHARED_SECRET: secret,
      VISA_BASE_URL: `http://127.0.0.1:${server.address().port}`,
    })
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Success: \{ transactionIdentifier: '381228649430011' \}/)
    assert.equal(seen.length, 1)
    assert.equal(seen[0].url, `/visadirect/fundstransfer/v1/pullfundstransactions?apikey=${apiKey}`)
    assert.equal(seen[0].body.systemsTraceAuditNumber, '123456')
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
