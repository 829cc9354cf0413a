'use strict'
// A replay store shared by a fleet, over Redis (the `redis` package, an
// optional peer dependency: this file never loads it unless `connect` is used).
//
// remember(key, ttlSeconds) is one atomic `SET key 1 NX PX <ttl ms>`: "OK"
// means newly remembered (true), nil means already present (false). Anything
// else — not connected, an error, no answer within `timeoutMs` — throws, and
// the verifier fails closed with reason `replay_store_unavailable`.

class RedisReplayStore {
  #client
  #timeoutMs
  #prefix

  /**
   * @param client a connected node-redis client (`createClient()` from `redis`, v4 or v5)
   * @param options `timeoutMs` (default 1000), `prefix` (default '')
   */
  constructor(client, { timeoutMs = 1000, prefix = '' } = {}) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw Object.assign(new TypeError('The "client" argument must be a node-redis client (createClient() from "redis").'), {
        code: 'ERR_INVALID_ARG_TYPE',
      })
    }
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw Object.assign(new RangeError('The "timeoutMs" option must be a positive integer.'), { code: 'ERR_OUT_OF_RANGE' })
    }
    this.#client = client
    this.#timeoutMs = timeoutMs
    this.#prefix = String(prefix)
  }

  /** Connects a new client to `url` (e.g. `redis://127.0.0.1:6379`) and wraps it. */
  static async connect(url, { timeoutMs = 1000, prefix = '' } = {}) {
    const { createClient } = require('redis')
    const client = createClient({
      url,
      // Fail closed at once rather than queue verifications while disconnected.
      disableOfflineQueue: true,
      socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
    })
    client.on('error', () => {}) // reported per verification instead
    await client.connect()
    return new RedisReplayStore(client, { timeoutMs, prefix })
  }

  get client() {
    return this.#client
  }

  async remember(key, ttlSeconds) {
    const client = this.#client
    if (client.isReady === false) throw new Error('redis is not connected')
    const ms = String(Math.max(1, ttlSeconds) * 1000)
    let timer
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${this.#timeoutMs} ms`)), this.#timeoutMs)
    })
    try {
      const reply = await Promise.race([client.sendCommand(['SET', this.#prefix + key, '1', 'NX', 'PX', ms]), timeout])
      if (reply === 'OK') return true
      if (reply === null) return false
      throw new Error('redis answered SET NX with something other than OK or nil')
    } finally {
      clearTimeout(timer)
    }
  }

  /** Closes the client; never throws, whatever state the connection is in. */
  async close() {
    const client = this.#client
    if (client.isReady) {
      // a server that went away during QUIT never answers (or QUIT fails):
      // give up after timeoutMs and destroy what is left
      let timer
      const gaveUp = new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), this.#timeoutMs)
      })
      try {
        const quit = client.quit().then(
          () => true,
          () => false,
        )
        if (await Promise.race([quit, gaveUp])) return
      } finally {
        clearTimeout(timer)
      }
    }
    // QUIT marks the client closed before its answer arrives, and a client
    // whose reconnection gave up is closed already: destroying either throws
    if (client.isOpen === false) return
    if (typeof client.destroy === 'function') client.destroy()
    else await client.disconnect()
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'RedisReplayStore {}'
  }
}

module.exports = { RedisReplayStore }
