package dev.paysign

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.net.URI
import java.net.http.HttpRequest

/** The snippets of bindings-kotlin/README.md, as written there (nothing is sent). */
class ReadmeTest {
    private val apiKey = "KSKDFJOP934ALSFDJP34"
    private val sharedSecret = "s3cr3t-Shared_Secret"

    @Test
    fun `the vendor sample, replaced`() {
        val requestBody = ""
        val token = xPayToken(sharedSecret, "helloworld", "apikey=$apiKey", requestBody) // timestamp: now
        verifyXPayToken(sharedSecret, token, "helloworld", "apikey=$apiKey", requestBody)

        val body = """{"amount":"10.00"}""".toByteArray()
        val signed = XPaySigner(apiKey, sharedSecret).use { it.sign("POST", "https://sandbox.api.visa.com/vdp/payments", body) }
        val request = HttpRequest.newBuilder(URI.create(signed.url))
            .apply { signed.headerMap.forEach { (name, value) -> header(name, value) } }
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build()
        assertEquals("https://sandbox.api.visa.com/vdp/payments?apikey=$apiKey", request.uri().toString())
        assertTrue(request.headers().firstValue("x-pay-token").get().startsWith("xv2:"))
        assertEquals("application/json", request.headers().firstValue("Content-Type").get())
    }

    @Test
    fun `cybersource and paysimple`() {
        val headers: Map<String, String> = cybersourceSignature(
            keyId = "08c94330-f618-42a3-b09d-e1e43be5efda",
            sharedSecret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=",
            merchantId = "testrest",
            host = "apitest.cybersource.com",
            method = "POST",
            requestTarget = "/pts/v2/payments",
            body = """{"amount":"10.00"}""",
        )
        assertEquals(listOf("v-c-merchant-id", "Date", "Host", "Digest", "Signature"), headers.keys.toList())

        val authorization = paysimpleHeader("APIUser1000", apiKey)
        assertTrue(authorization.startsWith("PSSERVER accessid=APIUser1000; timestamp="))
    }
}

/** The round-2 snippets of bindings-kotlin/README.md, as written there. */
class ReadmeRound2Test {
    @Test
    fun `signing at a given time`() {
        PaySimpleSigner("APIUser1000", "my_api_key").use { signer ->
            val a = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null, 1_500_583_544L)
            val b = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null, "2017-07-20T20:45:44.0000000Z")
            val c = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer", null, java.time.Instant.ofEpochSecond(1_500_583_544))
            check(a == b && b == c)
        }
    }

    @Test
    fun `explain and diagnose`() {
        val explained = explainXPayToken(
            apiKey = "KSKDFJOP934ALSFDJP34", sharedSecret = null, method = "GET",
            url = "https://sandbox.api.visa.com/vdp/helloworld", time = Time.Unix(1_455_716_783, 0),
        )
        assertEquals("1455716783helloworldapikey=KSKDFJOP934ALSFDJP34", String(explained.signed))
        assertTrue(explained.text.contains("helloworld"), explained.text)
        val token = "xv2:1455716783000:8dadff616fddd0c624c96e88bc0748884cbe4785d762a6047b361d3259f1f594"
        val diagnosis = diagnoseXPayToken(
            token, apiKey = "KSKDFJOP934ALSFDJP34", sharedSecret = "shared-secret", method = "GET",
            url = "https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34", time = Time.Unix(1_455_716_783, 0),
        )
        assertEquals(listOf("timestamp_milliseconds", "resource_path_leading_slash"), diagnosis.mistakes)
    }

    @Test
    fun `verifying on a server`() {
        val verifier = XPayVerifier(mapOf("KSKDFJOP934ALSFDJP34" to "shared-secret"))
        val signed = XPaySigner("KSKDFJOP934ALSFDJP34", "shared-secret").use { it.sign("GET", "https://sandbox.api.visa.com/vdp/helloworld") }
        val ok = verifier.verify("GET", signed.url, signed.headers)
        assertEquals("KSKDFJOP934ALSFDJP34", ok.keyId)
        val again = org.junit.jupiter.api.assertThrows<PaysignException.VerificationFailed> { verifier.verify("GET", signed.url, signed.headers) }
        assertEquals("replayed", again.reason)
    }

    @Test
    fun `webhook`() {
        val key = "c2VjcmV0LWtleS1mb3Itd2ViaG9va3M="
        val body = """{"eventType":"payByLink.merchant.payment"}"""
        val value = cybersourceWebhookSignature("key-1", key, body)
        val verified = CyberSourceWebhookVerifier(mapOf("key-1" to key)).verify(listOf(HttpHeader("v-c-signature", value)), body)
        assertEquals("cybersource-webhook", verified.scheme)
    }
}
