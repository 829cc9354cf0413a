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
    fun `seed snippet replacement`() {
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
