package paysign_test

// Every vector of tests/vectors through the Go package, then bad inputs.
//
//	PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig LD_LIBRARY_PATH=$PREFIX/lib go test ./...
//
// PAYSIGN_VECTORS overrides where the vectors are (default ../../tests/vectors).

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	paysign "example.invalid/paysign/bindings-c/go"
)

const (
	csSecret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
	csDate   = "Thu, 18 Jul 2019 00:18:03 GMT"
)

type vector map[string]any

func (v vector) s(k string) string { return v[k].(string) }
func (v vector) i(k string) int64  { return int64(v[k].(float64)) }
func (v vector) o(k string) vector { return vector(v[k].(map[string]any)) }
func (v vector) t(k string) time.Time {
	return time.Unix(v.i(k), 0)
}
func (v vector) skew() time.Duration { return time.Duration(v.i("max_skew")) * time.Second }

func (v vector) body() []byte {
	chunk, err := base64.StdEncoding.DecodeString(v.s("body_b64"))
	if err != nil {
		panic(err)
	}
	repeat := 1
	if r, ok := v["body_repeat"]; ok {
		repeat = int(r.(float64))
	}
	return bytes.Repeat(chunk, repeat)
}

// headers: the expected name → value object.
func (v vector) headers() map[string]string {
	m := map[string]string{}
	for k, x := range v {
		m[k] = x.(string)
	}
	return m
}

// httpHeader: received headers with their names exactly as given.
func (v vector) httpHeader() http.Header {
	h := http.Header{}
	for k, x := range v {
		h[k] = []string{x.(string)}
	}
	return h
}

func load(t *testing.T, file string) map[string]any {
	t.Helper()
	dir := os.Getenv("PAYSIGN_VECTORS")
	if dir == "" {
		dir = filepath.Join("..", "..", "tests", "vectors")
	}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func each(t *testing.T, doc map[string]any, key string, f func(t *testing.T, v vector)) {
	list := doc[key].([]any)
	if len(list) == 0 {
		t.Fatalf("no vectors in %s", key)
	}
	for _, x := range list {
		v := vector(x.(map[string]any))
		t.Run(v.s("name"), func(t *testing.T) { f(t, v) })
	}
}

func asMap(hs []paysign.Header) map[string]string {
	m := map[string]string{}
	for _, h := range hs {
		m[h.Name] = h.Value
	}
	return m
}

func asHTTP(hs []paysign.Header) http.Header {
	h := http.Header{}
	for _, x := range hs {
		h.Set(x.Name, x.Value)
	}
	return h
}

// must(f(...))(t): f's result, or the test fails.
func must[T any](x T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%T: %v", err, err)
		}
		return x
	}
}

func sameHeaders(t *testing.T, want map[string]string, got []paysign.Header) {
	t.Helper()
	if g := asMap(got); len(got) != len(want) || !reflect.DeepEqual(g, want) {
		t.Errorf("headers %v, want %v", got, want)
	}
}

// ---------------------------------------------------------------------- vectors

func TestXPaySign(t *testing.T) {
	each(t, load(t, "xpay.json"), "sign", func(t *testing.T, v vector) {
		token := must(paysign.XPayTokenAt(v.s("shared_secret"), v.s("resource_path"), v.s("query_string"), v.body(), v.t("timestamp")))(t)
		if want := v.o("expected").s("token"); token != want {
			t.Fatalf("token %s, want %s", token, want)
		}
		if err := paysign.VerifyXPayTokenAt(v.s("shared_secret"), token, v.s("resource_path"), v.s("query_string"), v.body(), v.t("timestamp"), 0); err != nil {
			t.Fatal(err)
		}
	})
}

func TestXPayRequest(t *testing.T) {
	each(t, load(t, "xpay.json"), "request", func(t *testing.T, v vector) {
		want := v.o("expected")
		r := must(paysign.XPaySignRequestAt(v.s("api_key"), v.s("shared_secret"), v.s("method"), v.s("url"), v.body(), v["full_path"].(bool), v.t("timestamp")))(t)
		if r.URL != want.s("url") {
			t.Errorf("url %s, want %s", r.URL, want.s("url"))
		}
		sameHeaders(t, want.o("headers").headers(), r.Headers)
		// The resource path and query signed: the flat token over the expected parts.
		token := must(paysign.XPayTokenAt(v.s("shared_secret"), want.s("resource_path"), want.s("query_string"), v.body(), v.t("timestamp")))(t)
		if token != want.o("headers").s("x-pay-token") {
			t.Errorf("token over the expected parts %s", token)
		}
	})
}

func TestCybersourceSign(t *testing.T) {
	each(t, load(t, "cybersource.json"), "sign", func(t *testing.T, v vector) {
		hs := must(paysign.CybersourceSignatureAt(v.s("key_id"), v.s("shared_secret"), v.s("merchant_id"), v.s("host"), v.s("method"), v.s("request_target"), v.body(), v.s("date")))(t)
		sameHeaders(t, v.o("expected").o("headers").headers(), hs)
		if len(hs) < 3 || hs[0].Name != "v-c-merchant-id" || hs[1].Name != "Date" || hs[2].Name != "Host" {
			t.Errorf("order %v", hs)
		}
		date, err := http.ParseTime(v.s("date"))
		if err != nil {
			t.Fatal(err)
		}
		if err := paysign.VerifyCybersourceSignatureAt(v.s("shared_secret"), asHTTP(hs), v.s("method"), v.s("request_target"), v.body(), date, 0); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCybersourceRequest(t *testing.T) {
	each(t, load(t, "cybersource.json"), "request", func(t *testing.T, v vector) {
		want := v.o("expected")
		r := must(paysign.CybersourceSignRequestAt(v.s("merchant_id"), v.s("key_id"), v.s("shared_secret"), v.s("method"), v.s("url"), v.body(), v.t("time")))(t)
		if r.URL != want.s("url") {
			t.Errorf("url %s, want %s", r.URL, want.s("url"))
		}
		sameHeaders(t, want.o("headers").headers(), r.Headers)
		flat := must(paysign.CybersourceSignatureAt(v.s("key_id"), v.s("shared_secret"), v.s("merchant_id"), want.s("host"), v.s("method"), want.s("request_target"), v.body(), want.s("date")))(t)
		sameHeaders(t, want.o("headers").headers(), flat)
	})
}

func TestPaysimpleSign(t *testing.T) {
	each(t, load(t, "paysimple.json"), "sign", func(t *testing.T, v vector) {
		want := v.o("expected")
		header := must(paysign.PaysimpleHeaderAt(v.s("username"), v.s("api_key"), v.s("timestamp")))(t)
		if header != want.s("header") {
			t.Fatalf("header %s, want %s", header, want.s("header"))
		}
		if !strings.HasSuffix(header, "; signature="+want.s("signature")) {
			t.Errorf("signature in %s", header)
		}
		// What was signed verifies at its own time.
		ts, err := time.Parse(time.RFC3339Nano, v.s("timestamp"))
		if err != nil {
			t.Fatal(err)
		}
		if err := paysign.VerifyPaysimpleHeaderAt(header, v.s("api_key"), ts, 2*time.Second); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPaysimpleRequest(t *testing.T) {
	each(t, load(t, "paysimple.json"), "request", func(t *testing.T, v vector) {
		want := v.o("expected")
		r := must(paysign.PaysimpleSignRequestAt(v.s("username"), v.s("api_key"), v.s("method"), v.s("url"), nil, time.Unix(v.i("time"), v.i("nanos"))))(t)
		sameHeaders(t, want.o("headers").headers(), r.Headers)
		if r.URL == "" {
			t.Error("empty url")
		}
		header := must(paysign.PaysimpleHeaderAt(v.s("username"), v.s("api_key"), want.s("timestamp")))(t)
		if header != want.o("headers").s("Authorization") {
			t.Errorf("at the expected timestamp: %s", header)
		}
	})
}

func TestHMACRFC4231(t *testing.T) {
	each(t, load(t, "hmac_sha256_rfc4231.json"), "cases", func(t *testing.T, v vector) {
		key, _ := hex.DecodeString(v.s("key_hex"))
		data, _ := hex.DecodeString(v.s("data_hex"))
		mac := hex.EncodeToString(must(paysign.HMACSHA256(key, data))(t))
		if got := mac[:v.i("truncate_bits")/4]; got != v.s("mac_hex") {
			t.Errorf("mac %s, want %s", got, v.s("mac_hex"))
		}
	})
}

func outcome(t *testing.T, v vector, err error) {
	t.Helper()
	if v.s("expected") == "valid" {
		if err != nil {
			t.Fatalf("%T: %v", err, err)
		}
		return
	}
	var ve *paysign.VerificationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %T %v, want a *VerificationError", err, err)
	}
	if ve.Reason != v.s("expected") || ve.Error() == "" {
		t.Errorf("reason %q (%s), want %q", ve.Reason, ve, v.s("expected"))
	}
}

func TestVerify(t *testing.T) {
	doc := load(t, "verify.json")
	t.Run("xpay", func(t *testing.T) {
		each(t, doc, "xpay", func(t *testing.T, v vector) {
			outcome(t, v, paysign.VerifyXPayTokenAt(v.s("shared_secret"), v.s("token"), v.s("resource_path"), v.s("query_string"), v.body(), v.t("now"), v.skew()))
		})
	})
	t.Run("cybersource", func(t *testing.T) {
		each(t, doc, "cybersource", func(t *testing.T, v vector) {
			outcome(t, v, paysign.VerifyCybersourceSignatureAt(v.s("shared_secret"), v.o("headers").httpHeader(), v.s("method"), v.s("request_target"), v.body(), v.t("now"), v.skew()))
		})
	})
	t.Run("paysimple", func(t *testing.T) {
		each(t, doc, "paysimple", func(t *testing.T, v vector) {
			outcome(t, v, paysign.VerifyPaysimpleHeaderAt(v.s("header"), v.s("api_key"), v.t("now"), v.skew()))
		})
	})
}

func invalid(t *testing.T, v vector, secret string, err error) {
	t.Helper()
	var ae *paysign.InvalidArgumentError
	if !errors.As(err, &ae) {
		t.Fatalf("got %T %v, want an *InvalidArgumentError", err, err)
	}
	field := v.s("field")
	if ae.Field != field || !strings.HasPrefix(ae.Error(), field+":") {
		t.Errorf("field %q, message %q; want %q", ae.Field, ae, field)
	}
	if len(secret) >= 4 && strings.Contains(ae.Error(), secret) {
		t.Error("the message shows the secret")
	}
}

func TestInvalid(t *testing.T) {
	doc := load(t, "invalid.json")
	t.Run("xpay", func(t *testing.T) {
		each(t, doc, "xpay", func(t *testing.T, v vector) {
			a := v.o("args")
			_, err := paysign.XPayTokenAt(a.s("shared_secret"), a.s("resource_path"), a.s("query_string"), a.body(), a.t("timestamp"))
			invalid(t, v, a.s("shared_secret"), err)
		})
	})
	t.Run("cybersource", func(t *testing.T) {
		each(t, doc, "cybersource", func(t *testing.T, v vector) {
			a := v.o("args")
			_, err := paysign.CybersourceSignatureAt(a.s("key_id"), a.s("shared_secret"), a.s("merchant_id"), a.s("host"), a.s("method"), a.s("request_target"), a.body(), a.s("date"))
			invalid(t, v, a.s("shared_secret"), err)
		})
	})
	t.Run("paysimple", func(t *testing.T) {
		each(t, doc, "paysimple", func(t *testing.T, v vector) {
			a := v.o("args")
			_, err := paysign.PaysimpleHeaderAt(a.s("username"), a.s("api_key"), a.s("timestamp"))
			invalid(t, v, a.s("api_key"), err)
		})
	})
}

// ------------------------------------------------------------------- bad inputs

func field(t *testing.T, err error) string {
	t.Helper()
	var ae *paysign.InvalidArgumentError
	if !errors.As(err, &ae) {
		t.Fatalf("got %T %v, want an *InvalidArgumentError", err, err)
	}
	return ae.Field
}

func reason(t *testing.T, err error) string {
	t.Helper()
	var ve *paysign.VerificationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %T %v, want a *VerificationError", err, err)
	}
	return ve.Reason
}

func TestNULIsRefusedNamingTheField(t *testing.T) {
	_, err := paysign.XPayTokenAt("s3cr\x00t", "p", "apikey=K", nil, time.Unix(0, 0))
	if f := field(t, err); f != "shared_secret" || strings.Contains(err.Error(), "s3cr") {
		t.Errorf("%s: %v", f, err)
	}
	if f := field(t, paysign.VerifyPaysimpleHeader("PSSERVER accessid=u\x00", "k")); f != "header" {
		t.Error(f)
	}
	if f := field(t, paysign.VerifyCybersourceSignature(csSecret, http.Header{"Host": {"h\x00"}}, "GET", "/", nil)); f != "headers" {
		t.Error(f)
	}
	_, err = paysign.XPaySignRequestAt("K", "s", "GET", "https://h/vdp/x?a=\x00", nil, false, time.Unix(0, 0))
	if f := field(t, err); f != "url" {
		t.Error(f)
	}
}

func TestHeaderThatCannotBeABlockIsRefused(t *testing.T) {
	for _, h := range []http.Header{{"Host": {"h\r\nDigest: x"}}, {"Ho:st": {"h"}}} {
		if f := field(t, paysign.VerifyCybersourceSignature(csSecret, h, "GET", "/", nil)); f != "headers" {
			t.Error(f)
		}
	}
}

func TestInvalidUTF8IsRefusedNamingTheField(t *testing.T) {
	_, err := paysign.PaysimpleHeader("user\xff", "k")
	if f := field(t, err); f != "username" {
		t.Error(f)
	}
}

func TestBadArgumentsCarryTheLibraryMessageAndField(t *testing.T) {
	_, err := paysign.XPayTokenAt("s", "p", "?apikey=K", nil, time.Unix(0, 0))
	if f := field(t, err); f != "query_string" || !strings.HasPrefix(err.Error(), "query_string: ") {
		t.Errorf("%s: %v", f, err)
	}
	_, err = paysign.XPaySignRequestAt("K", "s", "GET", "https://h/vdp/x?apiKey=K", nil, false, time.Unix(0, 0))
	if f := field(t, err); f != "url" {
		t.Error(f)
	}
	for _, d := range []time.Duration{-time.Second, -time.Millisecond} {
		if f := field(t, paysign.VerifyXPayTokenAt("s", "xv2:0:00", "p", "q", nil, time.Unix(0, 0), d)); f != "max_skew" {
			t.Error(f)
		}
	}
	err = paysign.VerifyCybersourceSignatureAt("c2VjcmV0-not-base64", http.Header{"Host": {"h"}}, "GET", "/", nil, time.Unix(0, 0), 0)
	if f := field(t, err); f != "shared_secret" || strings.Contains(err.Error(), "c2VjcmV0-not-base64") {
		t.Errorf("%s: %v", f, err)
	}
}

func TestVerificationFailureCarriesTheReason(t *testing.T) {
	err := paysign.VerifyPaysimpleHeaderAt("garbage", "k", time.Unix(0, 0), 0)
	if r := reason(t, err); r != "malformed_header" || !strings.HasPrefix(err.Error(), "verification failed") {
		t.Errorf("%s: %v", r, err)
	}
	if r := reason(t, paysign.VerifyCybersourceSignatureAt(csSecret, http.Header{}, "GET", "/", nil, time.Unix(0, 0), 0)); r != "missing_header" {
		t.Error(r)
	}
}

func TestNowAndTheDefaultWindow(t *testing.T) {
	token := must(paysign.XPayToken("s", "p", "apikey=K", nil))(t)
	if err := paysign.VerifyXPayToken("s", token, "p", "apikey=K", nil); err != nil {
		t.Error(err)
	}
	body := []byte("{}")
	hs := must(paysign.CybersourceSignature("k", csSecret, "m", "h", "POST", "/p", body))(t)
	if err := paysign.VerifyCybersourceSignature(csSecret, asHTTP(hs), "post", "/p", body); err != nil {
		t.Error(err)
	}
	if err := paysign.VerifyPaysimpleHeader(must(paysign.PaysimpleHeader("u", "k"))(t), "k"); err != nil {
		t.Error(err)
	}
	must(paysign.XPaySignRequest("K", "s", "GET", "https://h/vdp/x", nil, true))(t)
	must(paysign.CybersourceSignRequest("m", "k", csSecret, "GET", "https://h/x", nil))(t)
	must(paysign.PaysimpleSignRequest("u", "k", "GET", "https://h/x", nil))(t)

	fixed := must(paysign.XPayTokenAt("s", "p", "apikey=K", nil, time.Unix(1000000, 0)))(t)
	if err := paysign.VerifyXPayTokenAt("s", fixed, "p", "apikey=K", nil, time.Unix(1000300, 0), paysign.DefaultMaxSkew); err != nil {
		t.Error(err)
	}
	if r := reason(t, paysign.VerifyXPayTokenAt("s", fixed, "p", "apikey=K", nil, time.Unix(1000301, 0), paysign.DefaultMaxSkew)); r != "timestamp_out_of_window" {
		t.Error(r)
	}
}

func TestBodiesAreBinaryAndOutputsGrow(t *testing.T) {
	at := time.Unix(1, 0)
	if must(paysign.XPayTokenAt("s", "p", "apikey=K", []byte("a\x00b"), at))(t) == must(paysign.XPayTokenAt("s", "p", "apikey=K", []byte("a"), at))(t) {
		t.Error("the bytes after a NUL were not signed")
	}
	longQuery := "x=" + strings.Repeat("y", 20000)
	r := must(paysign.XPaySignRequestAt("K", "s", "GET", "https://h/vdp/x?"+longQuery, nil, false, at))(t)
	if !strings.HasSuffix(r.URL, "&"+longQuery) {
		t.Error("long url")
	}
	if hs := must(paysign.CybersourceSignatureAt("k", csSecret, "m", "h", "GET", "/"+strings.Repeat("z", 5000), nil, csDate))(t); len(hs) != 4 {
		t.Error(hs)
	}
}

func TestNonASCIITextIsUTF8(t *testing.T) {
	header := must(paysign.PaysimpleHeaderAt("usér", "kéy", "2017-07-20T20:45:44.0973928Z"))(t)
	if !strings.HasPrefix(header, "PSSERVER accessid=usér; ") {
		t.Error(header)
	}
	if err := paysign.VerifyPaysimpleHeaderAt(header, "kéy", time.Unix(1500583544, 0), 10*time.Second); err != nil {
		t.Error(err)
	}
}

// The last error is per OS thread: goroutines hopping threads must still get
// their own call's error.
func TestEachGoroutineGetsItsOwnError(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if (i+g)%2 == 0 {
					_, err := paysign.XPayTokenAt("s", "p\n", "q", nil, time.Unix(0, 0))
					var ae *paysign.InvalidArgumentError
					if !errors.As(err, &ae) || ae.Field != "resource_path" {
						errs <- "invalid: " + err.Error()
						return
					}
				} else {
					err := paysign.VerifyXPayTokenAt("s", "xv2:0:nothex", "p", "q", nil, time.Unix(0, 0), 0)
					var ve *paysign.VerificationError
					if !errors.As(err, &ve) || ve.Reason != "malformed_header" {
						errs <- "verify: " + err.Error()
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestVersion(t *testing.T) {
	if v := paysign.Version(); !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(v) {
		t.Error(v)
	}
}
