'use strict'
// RedisReplayStore against a real redis-server that this test starts on
// 127.0.0.1 (a free port, no persistence) and stops: two processes and four
// worker threads share it; an unreachable Redis fails closed.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const path = require('node:path')
const { spawn, execFile, spawnSync } = require('node:child_process')
const { Worker } = require('node:worker_threads')
const { paysign } = require('./helpers.js')

const haveRedis = spawnSync('redis-server', ['--version']).status === 0
const opts = haveRedis ? {} : { skip: 'redis-server not found (Debian package redis-server)' }

const VISA_URL = 'https://sandbox.api.visa.com/vdp/helloworld'
const T = 1455716783
const signer = new paysign.XPaySigner('K', 'secret')
/** A distinct request per `i` (its own timestamp), verified at that time. */
function request(i) {
  const signed = signer.sign('GET', VISA_URL, '', T + i)
  return { method: 'GET', url: signed.url, headers: signed.headers, body: '', now: T + i }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

let server
let url
before(async () => {
  if (!haveRedis) return
  const port = await freePort()
  url = `redis://127.0.0.1:${port}`
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000)
    let out = ''
    server.stdout.on('data', (d) => {
      out += d
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve() }
    })
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}`)) })
  })
})
after(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL')
})

function peerProcess(requests) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'replay-peer.js'), url, JSON.stringify(requests)], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout)),
    )
  })
}

function peerWorker(requests) {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(__dirname, 'replay-peer.js'), { workerData: { url, requests } })
    let results
    w.once('message', (m) => { results = m })
    w.once('error', reject)
    w.once('exit', (code) => (code === 0 && results ? resolve(results) : reject(new Error(`worker exited with ${code}`))))
  })
}

/** A node-redis client in a given state, recording what close() did to it (v5 has destroy, v4 only disconnect). */
function fakeClient({ ready, open, quit, v4 = false }) {
  const calls = []
  const client = {
    isReady: ready,
    isOpen: open,
    sendCommand: async () => 'OK',
    quit() {
      calls.push('quit')
      client.isOpen = false // as node-redis does, before QUIT is answered
      return quit === 'hangs' ? new Promise(() => {}) : quit === 'fails' ? Promise.reject(new Error('Socket closed unexpectedly')) : Promise.resolve('OK')
    },
  }
  const close = (name) => () => {
    calls.push(name)
    if (!client.isOpen) throw new Error('The client is closed')
    client.isOpen = false
  }
  if (v4) client.disconnect = async () => close('disconnect')()
  else client.destroy = close('destroy')
  return { client, calls }
}

for (const [name, state, expected] of [
  ['ready, QUIT answered', { ready: true, open: true, quit: 'answers' }, ['quit']],
  ['ready, QUIT never answered (server gone during QUIT)', { ready: true, open: true, quit: 'hangs' }, ['quit']],
  ['ready, QUIT failed', { ready: true, open: true, quit: 'fails' }, ['quit']],
  ['reconnecting', { ready: false, open: true }, ['destroy']],
  ['reconnecting, redis v4', { ready: false, open: true, v4: true }, ['disconnect']],
  ['closed already (reconnection gave up)', { ready: false, open: false }, []],
]) {
  test(`close() resolves and releases the client when it is ${name}`, async () => {
    const { client, calls } = fakeClient(state)
    const store = new paysign.RedisReplayStore(client, { timeoutMs: 50 })
    await store.close()
    assert.deepEqual(calls, expected)
    assert.equal(client.isOpen, false)
  })
}

test('SET NX PX: remember answers true once, then false, and the key expires', opts, async () => {
  const store = await paysign.RedisReplayStore.connect(url)
  try {
    assert.equal(await store.remember('paysign:test:a', 1), true)
    assert.equal(await store.remember('paysign:test:a', 1), false)
    const ttl = await store.client.sendCommand(['PTTL', 'paysign:test:a'])
    assert.ok(ttl > 0 && ttl <= 1000, `PTTL ${ttl}`)
  } finally {
    await store.close()
  }
})

test('two verifiers in two processes refuse each other\'s replays', opts, async () => {
  const store = await paysign.RedisReplayStore.connect(url)
  const mine = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: store })
  try {
    const first = Array.from({ length: 10 }, (_, i) => request(i))
    const second = Array.from({ length: 10 }, (_, i) => request(100 + i))
    for (const r of first) assert.equal((await mine.verifyAsync(r)).keyId, 'K')
    // the other process: every replay of mine refused, every fresh one accepted
    assert.deepEqual(await peerProcess([...first, ...second]), [...first.map(() => 'replayed'), ...second.map(() => null)])
    for (const r of second) await assert.rejects(mine.verifyAsync(r), (e) => e.reason === 'replayed')
  } finally {
    await store.close()
  }
})

test('four worker threads, one verifier each over the same Redis, replays spread across them', opts, async () => {
  const distinct = 24
  const copies = 3
  // worker w gets copy c of request i when (i + c) % 4 === w: each request's copies land on different workers
  const plan = [[], [], [], []]
  for (let c = 0; c < copies; c++) for (let i = 0; i < distinct; i++) plan[(i + c) % 4].push(i)
  const results = await Promise.all(plan.map((ids) => peerWorker(ids.map((i) => request(1000 + i)))))
  const accepted = new Array(distinct).fill(0)
  const refused = new Array(distinct).fill(0)
  plan.forEach((ids, w) => ids.forEach((i, k) => {
    const r = results[w][k]
    if (r === null) accepted[i] += 1
    else { assert.equal(r, 'replayed'); refused[i] += 1 }
  }))
  assert.deepEqual(accepted, new Array(distinct).fill(1), 'each fresh request accepted exactly once')
  assert.deepEqual(refused, new Array(distinct).fill(copies - 1), 'every replay refused')
})

test('Redis unreachable: verification fails closed with replay_store_unavailable', opts, async () => {
  const store = await paysign.RedisReplayStore.connect(url, { timeoutMs: 500 })
  try {
    const v = new paysign.XPayVerifier({ keys: { K: 'secret' }, replay: store })
    assert.equal((await v.verifyAsync(request(5000))).keyId, 'K')
    server.kill('SIGKILL')
    // 'exit' may already have been emitted: then it will not come again
    if (server.exitCode === null && server.signalCode === null) await new Promise((resolve) => server.once('exit', resolve))
    await assert.rejects(v.verifyAsync(request(5001)), (e) => e.code === 'PAYSIGN_VERIFICATION_FAILED' && e.reason === 'replay_store_unavailable')
    await assert.rejects(v.verifyAsync(request(5002)), (e) => e.reason === 'replay_store_unavailable')
  } finally {
    await store.close() // a client left reconnecting would keep the process alive
  }
})
