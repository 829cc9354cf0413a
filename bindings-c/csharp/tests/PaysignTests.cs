// Every vector of tests/vectors through the C# wrapper, then bad inputs.
// A tiny runner (no NUnit on Debian's Mono): one line per failure, then
// "csharp: N passed, M failed"; exit 1 when anything failed.
//
//   mcs -target:library -out:Paysign.dll src/Paysign.cs
//   mcs -r:Paysign.dll -out:PaysignTests.exe tests/PaysignTests.cs
//   PAYSIGN_LIB=$PREFIX/lib/libpaysign.so mono PaysignTests.exe tests/vectors
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Dev.Paysign;

static class PaysignTests
{
    const string CsSecret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";
    const string CsDate = "Thu, 18 Jul 2019 00:18:03 GMT";

    static int passed, failed;

    static void Case(string name, Action body)
    {
        try { body(); passed++; }
        catch (Exception e) { failed++; Console.WriteLine("FAIL " + name + ": " + e.GetType().Name + ": " + e.Message); }
    }

    class Fail : Exception { public Fail(string m) : base(m) { } }

    static void Eq<T>(T want, T got, string what = "")
    {
        if (!EqualityComparer<T>.Default.Equals(want, got)) throw new Fail(what + " got <" + got + ">, want <" + want + ">");
    }

    static void True(bool cond, string what) { if (!cond) throw new Fail(what); }

    static E Throws<E>(Action a) where E : Exception
    {
        try { a(); }
        catch (E e) { return e; }
        catch (Exception e) { throw new Fail("threw " + e.GetType().Name + " (" + e.Message + "), want " + typeof(E).Name); }
        throw new Fail("did not throw, want " + typeof(E).Name);
    }

    static void SameHeaders(Dictionary<string, object> want, IEnumerable<KeyValuePair<string, string>> got)
    {
        var g = got.ToList();
        Eq(want.Count, g.Count, "header count");
        foreach (var h in g)
        {
            True(want.ContainsKey(h.Key), "unexpected header " + h.Key);
            Eq((string)want[h.Key], h.Value, h.Key);
        }
    }

    // ------------------------------------------------------------------ vectors

    static string dir;
    static Dictionary<string, object> Load(string file) { return (Dictionary<string, object>)Json.Parse(File.ReadAllText(Path.Combine(dir, file), Encoding.UTF8)); }
    static IEnumerable<Dictionary<string, object>> List(Dictionary<string, object> d, string key) { return ((List<object>)d[key]).Cast<Dictionary<string, object>>(); }
    static string S(Dictionary<string, object> o, string k) { return (string)o[k]; }
    static long L(Dictionary<string, object> o, string k) { return (long)o[k]; }
    static Dictionary<string, object> O(Dictionary<string, object> o, string k) { return (Dictionary<string, object>)o[k]; }

    static byte[] Body(Dictionary<string, object> v)
    {
        byte[] chunk = Convert.FromBase64String(S(v, "body_b64"));
        int repeat = v.ContainsKey("body_repeat") ? (int)L(v, "body_repeat") : 1;
        var body = new byte[chunk.Length * repeat];
        for (int i = 0; i < repeat; i++) Buffer.BlockCopy(chunk, 0, body, i * chunk.Length, chunk.Length);
        return body;
    }

    static List<KeyValuePair<string, string>> Pairs(Dictionary<string, object> o)
    {
        return o.Select(kv => new KeyValuePair<string, string>(kv.Key, (string)kv.Value)).ToList();
    }

    static void Vectors()
    {
        var xpay = Load("xpay.json");
        foreach (var v in List(xpay, "sign")) Case(S(v, "name"), () =>
        {
            string token = Paysign.XPayToken(S(v, "shared_secret"), S(v, "resource_path"), S(v, "query_string"), Body(v), L(v, "timestamp"));
            Eq(S(O(v, "expected"), "token"), token, "token");
            Paysign.VerifyXPayToken(S(v, "shared_secret"), token, S(v, "resource_path"), S(v, "query_string"), Body(v), L(v, "timestamp"), 0);
        });
        foreach (var v in List(xpay, "request")) Case(S(v, "name"), () =>
        {
            var want = O(v, "expected");
            var r = Paysign.XPaySignRequest(S(v, "api_key"), S(v, "shared_secret"), S(v, "method"), S(v, "url"), Body(v), (bool)v["full_path"], L(v, "timestamp"));
            Eq(S(want, "url"), r.Url, "url");
            SameHeaders(O(want, "headers"), r.Headers);
            Eq(S(O(want, "headers"), "x-pay-token"), Paysign.XPayToken(S(v, "shared_secret"), S(want, "resource_path"), S(want, "query_string"), Body(v), L(v, "timestamp")), "token over the expected parts");
        });

        var cs = Load("cybersource.json");
        foreach (var v in List(cs, "sign")) Case(S(v, "name"), () =>
        {
            var h = Paysign.CybersourceSignature(S(v, "key_id"), S(v, "shared_secret"), S(v, "merchant_id"), S(v, "host"), S(v, "method"), S(v, "request_target"), Body(v), S(v, "date"));
            SameHeaders(O(O(v, "expected"), "headers"), h);
            Eq("v-c-merchant-id", h[0].Key, "first header");
            Paysign.VerifyCybersourceSignature(S(v, "shared_secret"), h, S(v, "method"), S(v, "request_target"), Body(v), null, long.MaxValue);
        });
        foreach (var v in List(cs, "request")) Case(S(v, "name"), () =>
        {
            var want = O(v, "expected");
            var r = Paysign.CybersourceSignRequest(S(v, "merchant_id"), S(v, "key_id"), S(v, "shared_secret"), S(v, "method"), S(v, "url"), Body(v), L(v, "time"));
            Eq(S(want, "url"), r.Url, "url");
            SameHeaders(O(want, "headers"), r.Headers);
            SameHeaders(O(want, "headers"), Paysign.CybersourceSignature(S(v, "key_id"), S(v, "shared_secret"), S(v, "merchant_id"), S(want, "host"), S(v, "method"), S(want, "request_target"), Body(v), S(want, "date")));
        });

        var ps = Load("paysimple.json");
        foreach (var v in List(ps, "sign")) Case(S(v, "name"), () =>
        {
            var want = O(v, "expected");
            string header = Paysign.PaysimpleHeader(S(v, "username"), S(v, "api_key"), S(v, "timestamp"));
            Eq(S(want, "header"), header, "header");
            True(header.EndsWith("; signature=" + S(want, "signature"), StringComparison.Ordinal), "signature");
            Paysign.VerifyPaysimpleHeader(header, S(v, "api_key"), null, long.MaxValue);
        });
        foreach (var v in List(ps, "request")) Case(S(v, "name"), () =>
        {
            var want = O(v, "expected");
            var r = Paysign.PaysimpleSignRequest(S(v, "username"), S(v, "api_key"), S(v, "method"), S(v, "url"), null, L(v, "time"), (uint)L(v, "nanos"));
            SameHeaders(O(want, "headers"), r.Headers);
            True(r.Url.Length > 0, "url");
            Eq(S(O(want, "headers"), "Authorization"), Paysign.PaysimpleHeader(S(v, "username"), S(v, "api_key"), S(want, "timestamp")), "at the expected timestamp");
        });

        foreach (var v in List(Load("hmac_sha256_rfc4231.json"), "cases")) Case(S(v, "name"), () =>
        {
            byte[] mac = Paysign.HmacSha256(Hex(S(v, "key_hex")), Hex(S(v, "data_hex")));
            string hex = string.Concat(mac.Select(b => b.ToString("x2")));
            Eq(S(v, "mac_hex"), hex.Substring(0, (int)L(v, "truncate_bits") / 4), "mac");
        });

        var verify = Load("verify.json");
        foreach (var v in List(verify, "xpay")) Case(S(v, "name"), () => Outcome(v, () =>
            Paysign.VerifyXPayToken(S(v, "shared_secret"), S(v, "token"), S(v, "resource_path"), S(v, "query_string"), Body(v), L(v, "now"), L(v, "max_skew"))));
        int i = 0;
        foreach (var v in List(verify, "cybersource")) Case(S(v, "name"), () =>
        {
            // A dictionary and a list of pairs, alternately.
            var pairs = Pairs(O(v, "headers"));
            IEnumerable<KeyValuePair<string, string>> headers = i++ % 2 == 0 ? (IEnumerable<KeyValuePair<string, string>>)pairs : pairs.ToDictionary(p => p.Key, p => p.Value);
            Outcome(v, () => Paysign.VerifyCybersourceSignature(S(v, "shared_secret"), headers, S(v, "method"), S(v, "request_target"), Body(v), L(v, "now"), L(v, "max_skew")));
        });
        foreach (var v in List(verify, "paysimple")) Case(S(v, "name"), () => Outcome(v, () =>
            Paysign.VerifyPaysimpleHeader(S(v, "header"), S(v, "api_key"), L(v, "now"), L(v, "max_skew"))));

        var invalid = Load("invalid.json");
        foreach (var v in List(invalid, "xpay")) Case(S(v, "name"), () =>
        {
            var a = O(v, "args");
            Invalid(v, S(a, "shared_secret"), () => Paysign.XPayToken(S(a, "shared_secret"), S(a, "resource_path"), S(a, "query_string"), Body(a), L(a, "timestamp")));
        });
        foreach (var v in List(invalid, "cybersource")) Case(S(v, "name"), () =>
        {
            var a = O(v, "args");
            Invalid(v, S(a, "shared_secret"), () => Paysign.CybersourceSignature(S(a, "key_id"), S(a, "shared_secret"), S(a, "merchant_id"), S(a, "host"), S(a, "method"), S(a, "request_target"), Body(a), S(a, "date")));
        });
        foreach (var v in List(invalid, "paysimple")) Case(S(v, "name"), () =>
        {
            var a = O(v, "args");
            Invalid(v, S(a, "api_key"), () => Paysign.PaysimpleHeader(S(a, "username"), S(a, "api_key"), S(a, "timestamp")));
        });
    }

    static byte[] Hex(string h)
    {
        var b = new byte[h.Length / 2];
        for (int i = 0; i < b.Length; i++) b[i] = byte.Parse(h.Substring(2 * i, 2), NumberStyles.HexNumber);
        return b;
    }

    static void Outcome(Dictionary<string, object> v, Action verify)
    {
        string expected = S(v, "expected");
        if (expected == "valid") { verify(); return; }
        var e = Throws<VerificationException>(verify);
        Eq(expected, e.Reason, "reason");
        Eq(null, e.Field, "field");
        True(e.Message.Length > 0, "message");
    }

    static void Invalid(Dictionary<string, object> v, string secret, Action sign)
    {
        var e = Throws<PaysignException>(sign);
        True(!(e is VerificationException), "a verification failure");
        Eq(S(v, "field"), e.Field, "field");
        Eq(S(v, "field"), e.ParamName, "ParamName");
        True(e.Message.StartsWith(S(v, "field") + ":", StringComparison.Ordinal), "message " + e.Message);
        True(secret.Length < 4 || !e.Message.Contains(secret), "the message shows the secret");
    }

    // --------------------------------------------------------------- bad inputs

    static void BadInputs()
    {
        Case("nul_in_text_is_refused_naming_the_field", () =>
        {
            var e = Throws<PaysignException>(() => Paysign.XPayToken("s3cr\0t", "p", "apikey=K", null, 0));
            Eq("shared_secret", e.Field);
            True(!e.Message.Contains("s3cr"), "secret shown");
            Eq("header", Throws<PaysignException>(() => Paysign.VerifyPaysimpleHeader("PSSERVER accessid=u\0", "k")).Field);
            Eq("headers", Throws<PaysignException>(() => Paysign.VerifyCybersourceSignature(CsSecret, new Dictionary<string, string> { { "Host", "h\0" } }, "GET", "/")).Field);
            Eq("url", Throws<PaysignException>(() => Paysign.XPaySignRequest("K", "s", "GET", "https://h/vdp/x?a=\0", timestamp: 0)).Field);
        });
        Case("header_pairs_that_cannot_be_a_block_are_refused", () =>
        {
            Eq("headers", Throws<PaysignException>(() => Paysign.VerifyCybersourceSignature(CsSecret, new Dictionary<string, string> { { "Host", "h\r\nDigest: x" } }, "GET", "/")).Field);
            Eq("headers", Throws<PaysignException>(() => Paysign.VerifyCybersourceSignature(CsSecret, new Dictionary<string, string> { { "Ho:st", "h" } }, "GET", "/")).Field);
        });
        Case("null_is_an_argument_null_exception", () =>
        {
            var e = Throws<ArgumentNullException>(() => Paysign.XPayToken("s", null, "apikey=K", null, 0));
            Eq("resource_path", e.ParamName);
            Throws<ArgumentNullException>(() => Paysign.VerifyPaysimpleHeader(null, "k"));
            Throws<ArgumentNullException>(() => Paysign.VerifyCybersourceSignature(CsSecret, null, "GET", "/"));
        });
        Case("unpaired_surrogate_is_refused", () =>
            Eq("username", Throws<PaysignException>(() => Paysign.PaysimpleHeader("user\uD800", "k")).Field));
        Case("bad_arguments_carry_the_library_message_and_field", () =>
        {
            var e = Throws<PaysignException>(() => Paysign.XPayToken("s", "p", "?apikey=K", null, 0));
            Eq("query_string", e.Field);
            True(e.Message.StartsWith("query_string: ", StringComparison.Ordinal), e.Message);
            Eq("url", Throws<PaysignException>(() => Paysign.XPaySignRequest("K", "s", "GET", "https://h/vdp/x?apiKey=K", timestamp: 0)).Field);
            Eq("max_skew", Throws<PaysignException>(() => Paysign.VerifyXPayToken("s", "xv2:0:00", "p", "q", null, 0, -1)).Field);
            True(!(Throws<PaysignException>(() => Paysign.PaysimpleSignRequest("u", "k", "GET", "https://h/", null, 0, 1000000000)) is VerificationException), "nanos");
            e = Throws<PaysignException>(() => Paysign.VerifyCybersourceSignature("c2VjcmV0-not-base64", new Dictionary<string, string> { { "Host", "h" } }, "GET", "/", null, 0, 0));
            Eq("shared_secret", e.Field);
            True(!e.Message.Contains("c2VjcmV0-not-base64"), "secret shown");
        });
        Case("verification_failure_carries_the_reason", () =>
        {
            var e = Throws<VerificationException>(() => Paysign.VerifyPaysimpleHeader("garbage", "k", 0, 0));
            Eq("malformed_header", e.Reason);
            True(e.Message.StartsWith("verification failed", StringComparison.Ordinal), e.Message);
            Eq("missing_header", Throws<VerificationException>(() => Paysign.VerifyCybersourceSignature(CsSecret, new Dictionary<string, string>(), "GET", "/", null, 0, 0)).Reason);
        });
        Case("now_and_the_default_window", () =>
        {
            string token = Paysign.XPayToken("s", "p", "apikey=K");
            Paysign.VerifyXPayToken("s", token, "p", "apikey=K");
            var body = Encoding.UTF8.GetBytes("{}");
            Paysign.VerifyCybersourceSignature(CsSecret, Paysign.CybersourceSignature("k", CsSecret, "m", "h", "POST", "/p", body), "post", "/p", body);
            Paysign.VerifyPaysimpleHeader(Paysign.PaysimpleHeader("u", "k"), "k");
            Paysign.XPaySignRequest("K", "s", "GET", "https://h/vdp/x", fullPath: true);
            Paysign.CybersourceSignRequest("m", "k", CsSecret, "GET", "https://h/x");
            Paysign.PaysimpleSignRequest("u", "k", "GET", "https://h/x");
            string fixedToken = Paysign.XPayToken("s", "p", "apikey=K", null, 1000000);
            Paysign.VerifyXPayToken("s", fixedToken, "p", "apikey=K", null, 1000300);
            Eq("timestamp_out_of_window", Throws<VerificationException>(() => Paysign.VerifyXPayToken("s", fixedToken, "p", "apikey=K", null, 1000301)).Reason);
        });
        Case("bodies_are_binary_and_outputs_grow", () =>
        {
            True(Paysign.XPayToken("s", "p", "apikey=K", new byte[] { 97, 0, 98 }, 1) != Paysign.XPayToken("s", "p", "apikey=K", new byte[] { 97 }, 1), "bytes after a NUL");
            Eq(Paysign.XPayToken("s", "p", "apikey=K", null, 1), Paysign.XPayToken("s", "p", "apikey=K", new byte[0], 1));
            string longQuery = "x=" + new string('y', 20000);
            var r = Paysign.XPaySignRequest("K", "s", "GET", "https://h/vdp/x?" + longQuery, timestamp: 1);
            True(r.Url.EndsWith("&" + longQuery, StringComparison.Ordinal), "long url");
            Eq(4, Paysign.CybersourceSignature("k", CsSecret, "m", "h", "GET", "/" + new string('z', 5000), null, CsDate).Count);
        });
        Case("non_ascii_text_is_utf8", () =>
        {
            string header = Paysign.PaysimpleHeader("usér", "kéy", "2017-07-20T20:45:44.0973928Z");
            True(header.StartsWith("PSSERVER accessid=usér; ", StringComparison.Ordinal), header);
            Paysign.VerifyPaysimpleHeader(header, "kéy", 1500583544, 10);
        });
        Case("each_thread_gets_its_own_error", () =>
        {
            var errors = new List<string>();
            var threads = Enumerable.Range(0, 4).Select(n => new Thread(() =>
            {
                try
                {
                    for (int i = 0; i < 200; i++)
                    {
                        if ((i + n) % 2 == 0)
                            Eq("resource_path", Throws<PaysignException>(() => Paysign.XPayToken("s", "p\n", "q", null, 0)).Field);
                        else
                            Eq("malformed_header", Throws<VerificationException>(() => Paysign.VerifyXPayToken("s", "xv2:0:nothex", "p", "q", null, 0, 0)).Reason);
                    }
                }
                catch (Exception e) { lock (errors) errors.Add(e.Message); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Eq(0, errors.Count, string.Join("; ", errors));
        });
        Case("version", () => True(char.IsDigit(Paysign.Version()[0]) && Paysign.Version().Contains("."), Paysign.Version()));
    }

    static int Main(string[] args)
    {
        dir = args.Length > 0 ? args[0] : Path.Combine("..", "..", "tests", "vectors");
        Vectors();
        BadInputs();
        Console.WriteLine("csharp: " + passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}

/// <summary>Just enough JSON for the vectors: objects, arrays, strings, integers, booleans, null.</summary>
static class Json
{
    public static object Parse(string s)
    {
        int i = 0;
        object v = Value(s, ref i);
        Ws(s, ref i);
        if (i != s.Length) throw new FormatException("trailing JSON at " + i);
        return v;
    }

    static void Ws(string s, ref int i) { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }

    static object Value(string s, ref int i)
    {
        Ws(s, ref i);
        char c = s[i];
        if (c == '{')
        {
            var o = new Dictionary<string, object>();
            i++; Ws(s, ref i);
            if (s[i] == '}') { i++; return o; }
            for (;;)
            {
                Ws(s, ref i);
                string k = (string)Value(s, ref i);
                Ws(s, ref i); i++; // ':'
                o[k] = Value(s, ref i);
                Ws(s, ref i);
                if (s[i++] == '}') return o;
            }
        }
        if (c == '[')
        {
            var a = new List<object>();
            i++; Ws(s, ref i);
            if (s[i] == ']') { i++; return a; }
            for (;;)
            {
                a.Add(Value(s, ref i));
                Ws(s, ref i);
                if (s[i++] == ']') return a;
            }
        }
        if (c == '"')
        {
            var sb = new StringBuilder();
            i++;
            while (s[i] != '"')
            {
                if (s[i] != '\\') { sb.Append(s[i++]); continue; }
                char e = s[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u': sb.Append((char)Convert.ToInt32(s.Substring(i, 4), 16)); i += 4; break;
                    default: sb.Append(e); break;
                }
            }
            i++;
            return sb.ToString();
        }
        if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
        if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
        if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
        int start = i;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '-')) i++;
        return long.Parse(s.Substring(start, i - start), CultureInfo.InvariantCulture);
    }
}
