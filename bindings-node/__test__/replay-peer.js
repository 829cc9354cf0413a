'use strict'
// A second verifier over the same Redis: run by redis.test.js as a child
// process (argv: url, requests as JSON) or as a worker thread (workerData).
// Verifies each request in order and reports, per request, null (accepted) or the reason.
const { isMainThread, parentPort, workerData } = require('node:worker_threads')
const { paysign } = require('./helpers.js')

async function run(url, requests) {
  const store = await paysign.RedisReplayStore.connect(url)
  const verifier = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: store })
  const results = []
  for (const r of requests) {
    try {
      await verifier.verifyAsync(r)
      results.push(null)
    } catch (e) {
      results.push(e.reason || e.message)
    }
  }
  await store.close()
  return results
}

if (isMainThread) {
  run(process.argv[2], JSON.parse(process.argv[3])).then(
    (results) => process.stdout.write(JSON.stringify(results)),
    (e) => { console.error(e); process.exit(1) },
  )
} else {
  run(workerData.url, workerData.requests).then((results) => parentPort.postMessage(results))
}
