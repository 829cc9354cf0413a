package dev.paysign

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Many threads signing at once get what one thread gets. */
class ThreadsTest {
    private val threads = 8
    private val rounds = 4

    /** Every signing vector (1 MiB bodies included), as calls that return their output. */
    private val jobs: List<() -> String> = buildList {
        for (v in Vectors.section("xpay.json", "sign")) {
            val body = Vectors.body(v)
            add { xPayToken(v.getString("shared_secret").utf8(), v.getString("resource_path"), v.getString("query_string"), body, v.getLong("timestamp")) }
        }
        for (v in Vectors.section("cybersource.json", "sign")) {
            val body = Vectors.body(v)
            add {
                cybersourceSignature(
                    v.getString("key_id"), v.getString("shared_secret"), v.getString("merchant_id"), v.getString("host"),
                    v.getString("method"), v.getString("request_target"), body, v.getString("date"),
                ).toString()
            }
        }
        for (v in Vectors.section("paysimple.json", "sign")) {
            add { paysimpleHeader(v.getString("username"), v.getString("api_key"), v.getString("timestamp")) }
        }
    }

    @Test
    fun `threads signing at once agree with one thread`() {
        val expected = jobs.map { it() }
        val pool = Executors.newFixedThreadPool(threads)
        try {
            val futures = (0 until threads).map { t ->
                pool.submit(
                    Callable {
                        // each thread walks the jobs from another starting point
                        (0 until rounds).flatMap { jobs.indices.map { i -> (i + t * 7) % jobs.size } }
                            .map { i -> i to jobs[i]() }
                    },
                )
            }
            var checked = 0
            for (f in futures) {
                for ((i, out) in f.get(5, TimeUnit.MINUTES)) {
                    assertEquals(expected[i], out, "job $i")
                    checked++
                }
            }
            assertEquals(threads * rounds * jobs.size, checked)
        } finally {
            pool.shutdownNow()
        }
    }

    @Test
    fun `one signer object shared by many threads`() {
        val url = "https://sandbox.api.visa.com/vdp/helloworld?z=1&a=2"
        XPaySigner("KSKDFJOP934ALSFDJP34", "s3cr3t-Shared_Secret").use { signer ->
            val expected = signer.signAt("POST", url, "{}".utf8(), 1_455_716_783)
            val pool = Executors.newFixedThreadPool(threads)
            try {
                val futures = (0 until threads).map {
                    pool.submit(Callable { (0 until 500).map { signer.signAt("POST", url, "{}".utf8(), 1_455_716_783) } })
                }
                for (f in futures) f.get(5, TimeUnit.MINUTES).forEach { assertEquals(expected, it) }
            } finally {
                pool.shutdownNow()
            }
        }
    }
}
