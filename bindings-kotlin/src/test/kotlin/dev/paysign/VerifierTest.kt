package dev.paysign

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** A replay memory shared like a Redis would be: remember unless present, atomically. */
class MapReplayStore : ReplayStore {
    val keys = ConcurrentHashMap<String, Long>()
    override fun remember(key: String, ttlSeconds: Long): Boolean = keys.putIfAbsent(key, ttlSeconds) == null
}

/** The whole-request verifiers: keyrings, windows, replay memory (own, shared, failing), threads. */
class VerifierTest {
    private val apiKey = "KSKDFJOP934ALSFDJP34"
    private val secret = "s3cr3t-Shared_Secret"
    private val csKeyId = "08c94330-f618-42a3-b09d-e1e43be5efda"
    private val csSecret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
    private val psKey = "my_paysimple_api_key"
    private val t = 1_455_716_783L

    private fun refused(call: () -> Unit): PaysignException.VerificationFailed {
        val e = assertThrows<PaysignException.VerificationFailed>(call)
        for (s in listOf(secret, csSecret, psKey)) assertFalse(e.message!!.contains(s), e.message)
        return e
    }

    private fun xpayRequest(signer: XPaySigner, path: String, at: Long = t): Pair<String, List<HttpHeader>> {
        val signed = signer.sign("GET", "https://sandbox.api.visa.com/vdp/$path", null, at)
        return signed.url to signed.headers.filter { it.name == "x-pay-token" }
    }

    @Test
    fun `xpay accepts once, names the key, refuses a replay, an unknown key and an old token`() {
        XPayVerifier(mapOf(apiKey to secret, "OTHERKEY" to "other-secret")).use { v ->
            XPaySigner(apiKey, secret).use { signer ->
                val (url, headers) = xpayRequest(signer, "helloworld")
                val ok = v.verify("GET", url, headers, null, t)
                assertEquals(Verified("xpay", apiKey, null, t, ok.signed), ok)
                assertTrue(ok.signed.contains("query_string"), ok.signed.toString())
                assertEquals("replayed", refused { v.verify("GET", url, headers, null, t) }.reason)
                // pairs, as a framework hands them over: the same request is still a replay
                assertEquals("replayed", refused { v.verify("GET", url, headers.map { it.name to it.value }, null, t) }.reason)
                // Visa's window is 8 minutes
                val (url2, h2) = xpayRequest(signer, "helloworld?a=1")
                assertEquals("timestamp_out_of_window", refused { v.verify("GET", url2, h2, null, t + 481) }.reason)
                v.verify("GET", url2, h2, null, t + 480)
            }
            XPaySigner("NOTINRING", secret).use { signer ->
                val (url, headers) = xpayRequest(signer, "helloworld")
                assertEquals("unknown_key", refused { v.verify("GET", url, headers, null, t) }.reason)
            }
        }
    }

    @Test
    fun `replay off accepts the same request twice, max_skew narrows the window`() {
        XPayVerifier(mapOf(apiKey to secret), maxSkew = 10, replay = false).use { v ->
            XPaySigner(apiKey, secret).use { signer ->
                val (url, headers) = xpayRequest(signer, "helloworld")
                v.verify("GET", url, headers, null, t + 10)
                v.verify("GET", url, headers, null, t + 10)
                assertEquals("timestamp_out_of_window", refused { v.verify("GET", url, headers, null, t + 11) }.reason)
            }
        }
        val bad = assertThrows<PaysignException.InvalidArgument> { XPayVerifier(mapOf(apiKey to secret), maxSkew = -1) }
        assertEquals("max_skew", bad.field)
        val both = assertThrows<PaysignException.InvalidArgument> {
            XPayVerifier(mapOf(apiKey to secret), replay = false, replayStore = MapReplayStore())
        }
        assertEquals("replay", both.field)
        val empty = assertThrows<PaysignException.InvalidArgument> { XPayVerifier(emptyMap()) }
        assertEquals("keys", empty.field)
    }

    @Test
    fun `cybersource and paysimple verifiers`() {
        CyberSourceVerifier(mapOf(csKeyId to csSecret)).use { v ->
            CyberSourceSigner("testrest", csKeyId, csSecret).use { signer ->
                val signed = signer.sign("POST", "https://apitest.cybersource.com/pts/v2/payments", """{"a":1}""", Time.Unix(t, 0))
                val ok = v.verify("POST", "/pts/v2/payments", signed.headers, """{"a":1}""".utf8(), t)
                assertEquals("cybersource", ok.scheme)
                assertEquals(csKeyId, ok.keyId)
                assertEquals("testrest", ok.merchantId)
                assertEquals(t, ok.timestamp)
                assertTrue(ok.signed.contains("v-c-merchant-id"), ok.signed.toString())
                assertEquals("replayed", refused { v.verify("POST", "/pts/v2/payments", signed.headers, """{"a":1}""".utf8(), t) }.reason)
                // a second merchant id after the signed one
                val forged = signed.headers + HttpHeader("V-C-Merchant-Id", "attacker")
                assertEquals("duplicate_header", refused { v.verify("POST", "/pts/v2/payments", forged, """{"a":1}""".utf8(), t) }.reason)
            }
        }
        PaySimpleVerifier(mapOf("APIUser1000" to psKey)).use { v ->
            PaySimpleSigner("APIUser1000", psKey).use { signer ->
                val signed = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null, t)
                val ok = v.verify("GET", "/v4/customer", signed.headers, null, t)
                assertEquals(Verified("paysimple", "APIUser1000", null, t, listOf("timestamp")), ok)
                assertEquals("replayed", refused { v.verify("GET", "/v4/customer", signed.headers, null, t) }.reason)
                assertEquals("timestamp_out_of_window", refused {
                    v.verify("GET", "/", signer.sign("GET", "https://h/", null, t).headers, null, t + 301)
                }.reason)
            }
        }
    }

    @Test
    fun `a shared store refuses the other verifier replays and a failing store fails closed`() {
        val store = MapReplayStore()
        val a = XPayVerifier(mapOf(apiKey to secret), replayStore = store)
        val b = XPayVerifier(mapOf(apiKey to secret), replayStore = store)
        XPaySigner(apiKey, secret).use { signer ->
            val (url, headers) = xpayRequest(signer, "helloworld")
            a.verify("GET", url, headers, null, t)
            assertEquals("replayed", refused { b.verify("GET", url, headers, null, t) }.reason)
            assertEquals(1, store.keys.size)
            val (key, ttl) = store.keys.entries.single()
            assertTrue(key.startsWith("paysign:replay:"), key)
            assertFalse(key.contains(secret) || key.contains(headers[0].value), key)
            assertEquals(481L, ttl) // through the last second of the window: signed at t, accepted until t + 480
            val broken = object : ReplayStore {
                override fun remember(key: String, ttlSeconds: Long): Boolean = throw IllegalStateException("redis is down")
            }
            val c = XPayVerifier(mapOf(apiKey to secret), replayStore = broken)
            val e = refused { c.verify("GET", url, headers, null, t) }
            assertEquals("replay_store_unavailable", e.reason)
            assertTrue(e.detail.contains("redis is down"), e.detail)
            val declared = object : ReplayStore {
                override fun remember(key: String, ttlSeconds: Long): Boolean =
                    throw ReplayStoreException.Unavailable("connection refused")
            }
            XPayVerifier(mapOf(apiKey to secret), replayStore = declared).use { d ->
                assertEquals("replay_store_unavailable", refused { d.verify("GET", url, headers, null, t) }.reason)
            }
            c.close()
        }
        a.close()
        b.close()
    }

    @Test
    fun `cybersource webhook sign, verify, tamper, replay`() {
        val key = "c2VjcmV0LWtleS1mb3Itd2ViaG9va3M="
        val body = """{"eventType":"payByLink.merchant.payment"}"""
        val ms = t * 1000 + 123
        val value = cybersourceWebhookSignature("key-1", key, body, ms)
        assertTrue(value.startsWith("t=$ms;keyId=key-1;sig="), value)
        assertEquals(value, cybersourceWebhookSignature("key-1", key, body.utf8(), ms))
        CyberSourceWebhookVerifier(mapOf("key-1" to key)).use { v ->
            val headers = listOf(HttpHeader("v-c-signature", value))
            // the JSON re-serialised by a parser is not the body that was signed
            assertEquals("signature_mismatch", refused { v.verify(headers, """{"eventType": "payByLink.merchant.payment"}""", t) }.reason)
            val ok = v.verify(headers, body, t)
            assertEquals(Verified("cybersource-webhook", "key-1", null, t, ok.signed), ok)
            assertEquals("replayed", refused { v.verify(headers, body.utf8(), t) }.reason)
            assertEquals("timestamp_out_of_window", refused {
                v.verify(listOf("v-c-signature" to cybersourceWebhookSignature("key-1", key, body, ms + 1)), body.utf8(), t + 301)
            }.reason)
            assertEquals("unknown_key", refused {
                v.verify(listOf(HttpHeader("v-c-signature", cybersourceWebhookSignature("key-2", key, body, ms))), body, t)
            }.reason)
        }
        val now = cybersourceWebhookSignature("k", key, body)
        val ts = now.substringAfter("t=").substringBefore(';').toLong()
        assertTrue(kotlin.math.abs(ts - System.currentTimeMillis()) < 60_000, now)
    }

    @Test
    fun `no secret in toString or in a refusal of bad keys`() {
        val v = XPayVerifier(mapOf(apiKey to secret))
        assertFalse(v.toString().contains(secret), v.toString())
        v.close()
        val e = assertThrows<PaysignException.InvalidArgument> { CyberSourceVerifier(mapOf(csKeyId to "not base64 $secret")) }
        assertEquals("keys", e.field)
        assertFalse(e.message!!.contains(secret), e.message)
        assertFalse(e.toString().contains(secret), e.toString())
    }

    /**
     * One verifier shared by 8 threads, each request sent 4 times by different
     * threads in a shuffled order: each accepted exactly once, every other copy `replayed`.
     */
    @Test
    fun `one verifier across 8 threads with replays spread`() {
        val threads = 8
        val copies = 4
        val fresh = 400
        XPayVerifier(mapOf(apiKey to secret)).use { v ->
            val requests = XPaySigner(apiKey, secret).use { signer ->
                (0 until fresh).map { i -> xpayRequest(signer, "payments/v1/$i", t - (i % 400)) }
            }
            // copy c of request i goes to thread (i + c) % threads: never twice to one thread
            val work = (0 until threads).map { th ->
                (0 until fresh).flatMap { i -> (0 until copies).filter { c -> (i + c) % threads == th }.map { i } }
                    .shuffled(kotlin.random.Random(th))
            }
            val pool = Executors.newFixedThreadPool(threads)
            try {
                val start = java.util.concurrent.CountDownLatch(1)
                val futures = work.map { jobs ->
                    pool.submit(
                        Callable {
                            start.await()
                            jobs.map { i ->
                                val (url, headers) = requests[i]
                                i to try {
                                    v.verify("GET", url, headers, null, t)
                                    null
                                } catch (e: PaysignException.VerificationFailed) {
                                    e.reason
                                }
                            }
                        },
                    )
                }
                start.countDown()
                val outcomes = futures.flatMap { it.get(5, TimeUnit.MINUTES) }
                assertEquals(fresh * copies, outcomes.size)
                for ((i, results) in outcomes.groupBy({ it.first }, { it.second })) {
                    assertEquals(copies, results.size)
                    assertEquals(1, results.count { it == null }, "request $i: $results")
                    assertEquals(copies - 1, results.count { it == "replayed" }, "request $i: $results")
                }
                assertEquals(fresh, outcomes.map { it.first }.toSet().size)
            } finally {
                pool.shutdownNow()
            }
            // after the threads, every request is a replay
            for ((url, headers) in requests.take(10)) {
                assertEquals("replayed", refused { v.verify("GET", url, headers, null, t) }.reason)
            }
        }
    }
}
