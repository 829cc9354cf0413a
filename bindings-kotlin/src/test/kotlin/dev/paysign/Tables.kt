package dev.paysign

import org.json.JSONArray
import org.json.JSONObject
import java.nio.file.Files
import java.nio.file.Path

/** The shared tables in tests/ (tests/diagnose/, tests/adversarial/: formats in their README.md). */
object Tables {
    private val tests: Path = Vectors.dir.resolve("..").normalize()

    fun cases(table: String): List<JSONObject> =
        JSONObject(Files.readString(tests.resolve(table).resolve("cases.json"), Charsets.UTF_8)).getJSONArray("cases").objects()

    /** `[[name, value], …]` as received, in order. */
    fun headers(list: JSONArray): List<HttpHeader> =
        (0 until list.length()).map { list.getJSONArray(it).let { pair -> HttpHeader(pair.getString(0), pair.getString(1)) } }

    fun optString(o: JSONObject, key: String): String? = if (o.isNull(key)) null else o.getString(key)

    fun optLong(o: JSONObject, key: String): Long? = if (o.isNull(key)) null else o.getLong(key)

    fun strings(list: JSONArray): List<String> = (0 until list.length()).map { list.getString(it) }

    fun map(o: JSONObject): Map<String, String> = o.keySet().associateWith { o.getString(it) }
}
