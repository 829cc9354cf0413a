package dev.paysign

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

/** Every case of tests/diagnose/cases.json: exactly its `valid` and `mistakes`. */
class DiagnoseTableTest {
    private fun diagnose(scheme: String, input: JSONObject): Diagnosis {
        fun s(key: String) = input.getString(key)
        val body = input.optString("body", "").utf8()
        return when (scheme) {
            "xpay" -> diagnoseXPayToken(
                token = s("token"), apiKey = s("api_key"), sharedSecret = s("shared_secret").utf8(), method = s("method"),
                url = s("url"), body = body, fullPath = input.optBoolean("full_path", false),
                time = Tables.optLong(input, "time")?.let { Time.Unix(it, 0) },
            )
            "cybersource" -> diagnoseCybersourceSignature(
                headers = Tables.headers(input.getJSONArray("headers")), merchantId = s("merchant_id"), keyId = s("key_id"),
                sharedSecret = s("shared_secret"), method = s("method"), url = s("url"), body = body,
                time = Tables.optLong(input, "time")?.let { Time.Unix(it, 0) },
            )
            "paysimple" -> diagnosePaysimpleHeader(
                authorization = s("authorization"), username = s("username"), apiKey = s("api_key"),
                signedTimestamp = Tables.optString(input, "signed_timestamp"),
            )
            "cybersource-webhook" -> diagnoseCybersourceWebhook(
                headers = Tables.headers(input.getJSONArray("headers")), keyId = s("key_id"), key = s("key"), body = body,
                time = Tables.optLong(input, "time")?.let { Time.Unix(it, 0) },
            )
            // A scheme this binding has no diagnosis for is a failure, not a skip: the table grew past it.
            else -> fail("no diagnosis in the Kotlin binding for scheme $scheme")
        }
    }

    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = Tables.cases("diagnose")
        assertTrue(cases.isNotEmpty())
        return cases.map { case ->
            DynamicTest.dynamicTest(case.getString("name")) {
                val d = diagnose(case.getString("scheme"), case.getJSONObject("input"))
                assertEquals(case.getBoolean("valid"), d.valid, d.message)
                assertEquals(Tables.strings(case.getJSONArray("mistakes")), d.mistakes, d.message)
                if (d.valid) assertNull(d.expected)
                // the diagnosis never repeats the secret it was given
                val secret = case.getJSONObject("input").optString("shared_secret", case.getJSONObject("input").optString("api_key"))
                if (secret.length >= 6) assertTrue(!d.message.contains(secret) && d.expected?.contains(secret) != true, d.message)
            }
        }
    }
}
