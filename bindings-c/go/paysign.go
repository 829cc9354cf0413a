// Package paysign signs and verifies Visa X-Pay-Token, CyberSource HTTP
// Signature (and webhook v-c-signature) and PaySimple PSSERVER requests,
// explains what each scheme signs and diagnoses values that do not verify,
// over the C library libpaysign (cgo).
//
// Every rule lives in the library; this package only converts Go values and
// maps status codes to errors: a bad argument is an *InvalidArgumentError
// naming the argument, a request that does not verify a *VerificationError
// with a stable reason code. Messages never contain a secret.
//
// Building needs the installed library, found with pkg-config (see
// bindings-c/RUNTIMES.md for the whole sequence from an empty module):
//
//	make -C bindings-c install PREFIX=$PREFIX
//	export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
//	export CGO_LDFLAGS=-Wl,-rpath,$PREFIX/lib   # or LD_LIBRARY_PATH=$PREFIX/lib at run time
//
// Signers and verifiers hold library objects: they are safe for concurrent
// use, freed by Close (or, if forgotten, when garbage-collected).
package paysign

/*
#cgo pkg-config: paysign
#include <stdlib.h>
#include <paysign.h>
*/
import "C"

import (
	"errors"
	"math"
	"net/http"
	"runtime"
	"strings"
	"time"
	"unsafe"
)

// The library's status codes (paysign_status), as the header defines them.
const (
	StatusOK                 = int(C.PAYSIGN_OK)
	StatusNullArgument       = int(C.PAYSIGN_NULL_ARGUMENT)
	StatusInvalidUTF8        = int(C.PAYSIGN_INVALID_UTF8)
	StatusInvalidArgument    = int(C.PAYSIGN_INVALID_ARGUMENT)
	StatusBufferTooSmall     = int(C.PAYSIGN_BUFFER_TOO_SMALL)
	StatusVerificationFailed = int(C.PAYSIGN_VERIFICATION_FAILED)
	StatusInternalError      = int(C.PAYSIGN_INTERNAL_ERROR)
)

// DefaultMaxSkew, as a maxSkew, is the default window: 300 s for the
// Verify... functions, the scheme's own for the verifiers.
const DefaultMaxSkew = time.Duration(math.MinInt64)

const now = math.MinInt64 // PAYSIGN_NOW and PAYSIGN_DEFAULT_MAX_SKEW

// InvalidArgumentError is a bad argument: one paysign cannot use. Error() is
// "<field>: <problem>"; Field names the argument as the library does
// ("key_id", "date", "url", ...).
type InvalidArgumentError struct {
	Field   string
	Message string
}

func (e *InvalidArgumentError) Error() string { return e.Message }

// VerificationError is a request that did not verify. Reason is a stable
// code: malformed_header, missing_header, timestamp_out_of_window,
// signature_mismatch, digest_mismatch, headers_list_mismatch,
// unsupported_algorithm, unknown_key_id, unknown_access_id, unknown_key,
// duplicate_header, replayed, replay_store_unavailable.
type VerificationError struct {
	Reason  string
	Message string
}

func (e *VerificationError) Error() string { return e.Message }

// Header is one header, to send or as received.
type Header struct {
	Name, Value string
}

// SignedRequest is what a signer gives: the URL to send and the headers to
// add, in sending order.
type SignedRequest struct {
	URL     string
	Headers []Header
}

// Time is when a request is signed: Now, At (Unix seconds and, where a
// scheme signs a fraction, nanoseconds: PaySimple's, the webhook's
// milliseconds) or AtText (the exact text to sign).
type Time struct {
	unix  int64
	nanos uint32
	text  *string
}

// Now is the current time, read by the library when signing.
var Now = Time{unix: now}

// At is t, to the nanosecond where the scheme shows it (PaySimple).
func At(t time.Time) Time { return Time{unix: t.Unix(), nanos: uint32(t.Nanosecond())} }

// AtText is this exact text: decimal Unix seconds for X-Pay, an IMF-fixdate
// for CyberSource, ISO-8601 for PaySimple, decimal Unix milliseconds for the
// webhook.
func AtText(text string) Time { return Time{unix: now, text: &text} }

// Version is the library's version, e.g. "0.1.0".
func Version() string { return C.GoString(C.paysign_version()) }

// ------------------------------------------------------------ flat signing

// XPayToken is the x-pay-token value xv2:<timestamp>:<hex> over exactly these
// parts, now.
func XPayToken(sharedSecret, resourcePath, queryString string, body []byte) (string, error) {
	return xPayToken(sharedSecret, resourcePath, queryString, body, now)
}

// XPayTokenAt is XPayToken at t (whole seconds).
func XPayTokenAt(sharedSecret, resourcePath, queryString string, body []byte, t time.Time) (string, error) {
	return xPayToken(sharedSecret, resourcePath, queryString, body, t.Unix())
}

func xPayToken(sharedSecret, resourcePath, queryString string, body []byte, timestamp int64) (string, error) {
	var a args
	s, p, q := a.text(sharedSecret, "shared_secret"), a.text(resourcePath, "resource_path"), a.text(queryString, "query_string")
	defer a.free()
	if a.err != nil {
		return "", a.err
	}
	b, bl := bytes(body)
	return output(func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_x_pay_token(s, p, q, b, bl, C.int64_t(timestamp), out, n, l)
	})
}

// CybersourceSignature is the CyberSource headers to send, in order
// (v-c-merchant-id, Date, Host, Digest for POST/PUT/PATCH, Signature), dated now.
func CybersourceSignature(keyID, sharedSecret, merchantID, host, method, requestTarget string, body []byte) ([]Header, error) {
	return cybersourceSignature(keyID, sharedSecret, merchantID, host, method, requestTarget, body, nil)
}

// CybersourceSignatureAt is CybersourceSignature with the Date given as an
// IMF-fixdate ("Thu, 18 Jul 2019 00:18:03 GMT").
func CybersourceSignatureAt(keyID, sharedSecret, merchantID, host, method, requestTarget string, body []byte, date string) ([]Header, error) {
	return cybersourceSignature(keyID, sharedSecret, merchantID, host, method, requestTarget, body, &date)
}

func cybersourceSignature(keyID, sharedSecret, merchantID, host, method, requestTarget string, body []byte, date *string) ([]Header, error) {
	var a args
	k, s, m := a.text(keyID, "key_id"), a.text(sharedSecret, "shared_secret"), a.text(merchantID, "merchant_id")
	h, me, t := a.text(host, "host"), a.text(method, "method"), a.text(requestTarget, "request_target")
	d := a.optText(date, "date")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	signed, err := signedResult(func(out **C.paysign_signed) C.paysign_status {
		return C.paysign_cybersource_signature(k, s, m, h, me, t, b, bl, d, out)
	})
	if err != nil {
		return nil, err
	}
	return signed.Headers, nil
}

// PaysimpleHeader is the PaySimple Authorization value
// "PSSERVER accessid=...; timestamp=...; signature=...", now (UTC).
func PaysimpleHeader(username, apiKey string) (string, error) {
	return paysimpleHeader(username, apiKey, nil)
}

// PaysimpleHeaderAt is PaysimpleHeader with the ISO-8601 timestamp text
// signed exactly as given ("2017-07-20T20:45:44.0973928Z").
func PaysimpleHeaderAt(username, apiKey, timestamp string) (string, error) {
	return paysimpleHeader(username, apiKey, &timestamp)
}

func paysimpleHeader(username, apiKey string, timestamp *string) (string, error) {
	var a args
	u, k := a.text(username, "username"), a.text(apiKey, "api_key")
	t := a.optText(timestamp, "timestamp")
	defer a.free()
	if a.err != nil {
		return "", a.err
	}
	return output(func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_paysimple_header(u, k, t, out, n, l)
	})
}

// CybersourceWebhookSignature is the v-c-signature value
// "t=<ms>;keyId=<keyID>;sig=<base64>" of a webhook notification's raw body,
// now.
func CybersourceWebhookSignature(keyID, key string, body []byte) (string, error) {
	return cybersourceWebhookSignature(keyID, key, body, now)
}

// CybersourceWebhookSignatureAt is CybersourceWebhookSignature at Unix
// milliseconds timestampMs.
func CybersourceWebhookSignatureAt(keyID, key string, body []byte, timestampMs int64) (string, error) {
	return cybersourceWebhookSignature(keyID, key, body, timestampMs)
}

func cybersourceWebhookSignature(keyID, key string, body []byte, timestampMs int64) (string, error) {
	var a args
	i, k := a.text(keyID, "key_id"), a.text(key, "key")
	defer a.free()
	if a.err != nil {
		return "", a.err
	}
	b, bl := bytes(body)
	return output(func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_cybersource_webhook_signature(i, k, b, bl, C.int64_t(timestampMs), out, n, l)
	})
}

// HMACSHA256 is the HMAC-SHA256 of data under key (32 bytes).
func HMACSHA256(key, data []byte) ([]byte, error) {
	k, kl := bytes(key)
	d, dl := bytes(data)
	mac := make([]byte, C.PAYSIGN_HMAC_SHA256_LEN)
	var n C.size_t
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := failure(C.paysign_hmac_sha256(k, kl, d, dl, (*C.uint8_t)(unsafe.Pointer(&mac[0])), C.size_t(len(mac)), &n)); err != nil {
		return nil, err
	}
	return mac[:n], nil
}

// Digest is CyberSource's Digest value of a body: SHA-256=<base64>.
func Digest(body []byte) (string, error) {
	b, bl := bytes(body)
	return output(func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_digest(b, bl, out, n, l)
	})
}

// IMFFixdate is t as CyberSource's Date: "Thu, 18 Jul 2019 00:18:03 GMT".
func IMFFixdate(t time.Time) (string, error) {
	return output(func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_imf_fixdate(C.int64_t(t.Unix()), out, n, l)
	})
}

// --------------------------------------------------------- flat verifying

// VerifyXPayToken verifies a received X-Pay-Token against the request's
// parts, now, within the default window. A *VerificationError says why it
// does not verify.
func VerifyXPayToken(sharedSecret, token, resourcePath, queryString string, body []byte) error {
	return verifyXPayToken(sharedSecret, token, resourcePath, queryString, body, now, now)
}

// VerifyXPayTokenAt is VerifyXPayToken at now (whole seconds) within maxSkew
// (whole seconds, or DefaultMaxSkew).
func VerifyXPayTokenAt(sharedSecret, token, resourcePath, queryString string, body []byte, now time.Time, maxSkew time.Duration) error {
	return verifyXPayToken(sharedSecret, token, resourcePath, queryString, body, now.Unix(), skew(maxSkew))
}

func verifyXPayToken(sharedSecret, token, resourcePath, queryString string, body []byte, now, maxSkew int64) error {
	var a args
	s, t := a.text(sharedSecret, "shared_secret"), a.text(token, "token")
	p, q := a.text(resourcePath, "resource_path"), a.text(queryString, "query_string")
	defer a.free()
	if a.err != nil {
		return a.err
	}
	b, bl := bytes(body)
	return call(func() C.paysign_status {
		return C.paysign_verify_x_pay_token(s, t, p, q, b, bl, C.int64_t(now), C.int64_t(maxSkew))
	})
}

// VerifyCybersourceSignature verifies a received CyberSource request, now,
// within the default window: headers as received (r.Header; names in any
// case, other headers allowed).
func VerifyCybersourceSignature(sharedSecret string, headers http.Header, method, requestTarget string, body []byte) error {
	return verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, now, now)
}

// VerifyCybersourceSignatureAt is VerifyCybersourceSignature at now within maxSkew.
func VerifyCybersourceSignatureAt(sharedSecret string, headers http.Header, method, requestTarget string, body []byte, now time.Time, maxSkew time.Duration) error {
	return verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, now.Unix(), skew(maxSkew))
}

func verifyCybersourceSignature(sharedSecret string, headers http.Header, method, requestTarget string, body []byte, now, maxSkew int64) error {
	var a args
	s, m, t := a.text(sharedSecret, "shared_secret"), a.text(method, "method"), a.text(requestTarget, "request_target")
	names, values, count := a.headers(fromHTTP(headers))
	defer a.free()
	if a.err != nil {
		return a.err
	}
	b, bl := bytes(body)
	return call(func() C.paysign_status {
		return C.paysign_verify_cybersource_signature(s, names, values, count, m, t, b, bl, C.int64_t(now), C.int64_t(maxSkew))
	})
}

// VerifyPaysimpleHeader verifies a received PaySimple Authorization value
// (used exactly, not trimmed), now, within the default window.
func VerifyPaysimpleHeader(header, apiKey string) error {
	return verifyPaysimpleHeader(header, apiKey, now, now)
}

// VerifyPaysimpleHeaderAt is VerifyPaysimpleHeader at now within maxSkew.
func VerifyPaysimpleHeaderAt(header, apiKey string, now time.Time, maxSkew time.Duration) error {
	return verifyPaysimpleHeader(header, apiKey, now.Unix(), skew(maxSkew))
}

func verifyPaysimpleHeader(header, apiKey string, now, maxSkew int64) error {
	var a args
	h, k := a.text(header, "header"), a.text(apiKey, "api_key")
	defer a.free()
	if a.err != nil {
		return a.err
	}
	return call(func() C.paysign_status {
		return C.paysign_verify_paysimple_header(h, k, C.int64_t(now), C.int64_t(maxSkew))
	})
}

// ----------------------------------------------------------------- signers

// XPaySigner signs Visa X-Pay requests for one API key and shared secret.
type XPaySigner struct{ p *C.paysign_x_pay_signer }

// NewXPaySigner is a signer for apiKey and sharedSecret; fullPath signs the
// whole URL path instead of dropping its first segment (/vdp/).
func NewXPaySigner(apiKey, sharedSecret string, fullPath bool) (*XPaySigner, error) {
	var a args
	k, s := a.text(apiKey, "api_key"), a.text(sharedSecret, "shared_secret")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	signer := &XPaySigner{}
	if err := call(func() C.paysign_status { return C.paysign_x_pay_signer_new(k, s, flag(fullPath), &signer.p) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(signer, (*XPaySigner).Close)
	return signer, nil
}

// APIKey is the signer's API key (not a secret: it travels in the URL).
func (s *XPaySigner) APIKey() string {
	defer runtime.KeepAlive(s)
	return C.GoString(C.paysign_x_pay_signer_api_key(s.p))
}

// FullPath says whether the whole URL path is signed.
func (s *XPaySigner) FullPath() bool {
	defer runtime.KeepAlive(s)
	return C.paysign_x_pay_signer_full_path(s.p) != 0
}

// Sign signs a request now: the URL to send (query sorted, apikey added) and
// x-pay-token, Accept and (with a body) Content-Type.
func (s *XPaySigner) Sign(method, url string, body []byte) (*SignedRequest, error) {
	return s.SignAt(method, url, body, Now)
}

// SignAt signs a request at t.
func (s *XPaySigner) SignAt(method, url string, body []byte, t Time) (*SignedRequest, error) {
	defer runtime.KeepAlive(s)
	return signRequest(method, url, body, t, func(m, u *C.char, b *C.uint8_t, bl C.size_t, ut C.int64_t, n C.uint32_t, tt *C.char, out **C.paysign_signed) C.paysign_status {
		return C.paysign_x_pay_signer_sign(s.p, m, u, b, bl, ut, n, tt, out)
	})
}

// Close frees the signer (its secret is wiped); it must not be used after.
func (s *XPaySigner) Close() {
	C.paysign_x_pay_signer_free(s.p)
	s.p = nil
}

// CyberSourceSigner signs CyberSource requests for one merchant.
type CyberSourceSigner struct{ p *C.paysign_cybersource_signer }

// NewCyberSourceSigner is a signer for merchantID, keyID and the base64
// sharedSecret CyberSource issues.
func NewCyberSourceSigner(merchantID, keyID, sharedSecret string) (*CyberSourceSigner, error) {
	var a args
	m, k, s := a.text(merchantID, "merchant_id"), a.text(keyID, "key_id"), a.text(sharedSecret, "shared_secret")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	signer := &CyberSourceSigner{}
	if err := call(func() C.paysign_status { return C.paysign_cybersource_signer_new(m, k, s, &signer.p) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(signer, (*CyberSourceSigner).Close)
	return signer, nil
}

// MerchantID is the signer's v-c-merchant-id.
func (s *CyberSourceSigner) MerchantID() string {
	defer runtime.KeepAlive(s)
	return C.GoString(C.paysign_cybersource_signer_merchant_id(s.p))
}

// KeyID is the signer's key id.
func (s *CyberSourceSigner) KeyID() string {
	defer runtime.KeepAlive(s)
	return C.GoString(C.paysign_cybersource_signer_key_id(s.p))
}

// Sign signs a request now: the URL (no fragment) and v-c-merchant-id, Date,
// Host, Digest (POST, PUT, PATCH) and Signature.
func (s *CyberSourceSigner) Sign(method, url string, body []byte) (*SignedRequest, error) {
	return s.SignAt(method, url, body, Now)
}

// SignAt signs a request at t (the Date).
func (s *CyberSourceSigner) SignAt(method, url string, body []byte, t Time) (*SignedRequest, error) {
	defer runtime.KeepAlive(s)
	return signRequest(method, url, body, t, func(m, u *C.char, b *C.uint8_t, bl C.size_t, ut C.int64_t, n C.uint32_t, tt *C.char, out **C.paysign_signed) C.paysign_status {
		return C.paysign_cybersource_signer_sign(s.p, m, u, b, bl, ut, n, tt, out)
	})
}

// Close frees the signer.
func (s *CyberSourceSigner) Close() {
	C.paysign_cybersource_signer_free(s.p)
	s.p = nil
}

// PaySimpleSigner signs PaySimple requests for one API user.
type PaySimpleSigner struct{ p *C.paysign_paysimple_signer }

// NewPaySimpleSigner is a signer for the API username and key.
func NewPaySimpleSigner(username, apiKey string) (*PaySimpleSigner, error) {
	var a args
	u, k := a.text(username, "username"), a.text(apiKey, "api_key")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	signer := &PaySimpleSigner{}
	if err := call(func() C.paysign_status { return C.paysign_paysimple_signer_new(u, k, &signer.p) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(signer, (*PaySimpleSigner).Close)
	return signer, nil
}

// Username is the signer's API username.
func (s *PaySimpleSigner) Username() string {
	defer runtime.KeepAlive(s)
	return C.GoString(C.paysign_paysimple_signer_username(s.p))
}

// Sign signs a request now: the URL (no fragment) and Authorization.
func (s *PaySimpleSigner) Sign(method, url string, body []byte) (*SignedRequest, error) {
	return s.SignAt(method, url, body, Now)
}

// SignAt signs a request at t (UTC, to the 100 ns PaySimple shows).
func (s *PaySimpleSigner) SignAt(method, url string, body []byte, t Time) (*SignedRequest, error) {
	defer runtime.KeepAlive(s)
	return signRequest(method, url, body, t, func(m, u *C.char, b *C.uint8_t, bl C.size_t, ut C.int64_t, n C.uint32_t, tt *C.char, out **C.paysign_signed) C.paysign_status {
		return C.paysign_paysimple_signer_sign(s.p, m, u, b, bl, ut, n, tt, out)
	})
}

// Close frees the signer.
func (s *PaySimpleSigner) Close() {
	C.paysign_paysimple_signer_free(s.p)
	s.p = nil
}

type signFn func(m, u *C.char, b *C.uint8_t, bl C.size_t, ut C.int64_t, n C.uint32_t, tt *C.char, out **C.paysign_signed) C.paysign_status

func signRequest(method, url string, body []byte, t Time, f signFn) (*SignedRequest, error) {
	var a args
	m, u := a.text(method, "method"), a.text(url, "url")
	tt := a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return signedResult(func(out **C.paysign_signed) C.paysign_status {
		return f(m, u, b, bl, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// signedResult runs f and reads (then frees) the paysign_signed it gives.
func signedResult(f func(out **C.paysign_signed) C.paysign_status) (*SignedRequest, error) {
	var p *C.paysign_signed
	if err := call(func() C.paysign_status { return f(&p) }); err != nil {
		return nil, err
	}
	defer C.paysign_signed_free(p)
	r := &SignedRequest{}
	if u := C.paysign_signed_url(p); u != nil {
		r.URL = C.GoString(u)
	}
	for i := C.size_t(0); i < C.paysign_signed_header_count(p); i++ {
		r.Headers = append(r.Headers, Header{
			C.GoString(C.paysign_signed_header_name(p, i)),
			C.GoString(C.paysign_signed_header_value(p, i)),
		})
	}
	return r, nil
}

// ------------------------------------------------------- explain, diagnose

// Part is one part of a signed message: its name, its value as signed, and
// where it came from.
type Part struct {
	Name, Value, Why string
}

// Explanation is what a scheme signs for a request: the exact bytes, their
// parts, the headers (when the secret was given) and the text the paysign
// command prints.
type Explanation struct {
	Scheme  string
	Signed  []byte
	Parts   []Part
	Headers []Header
	Text    string
}

// ExplainXPayToken explains what X-Pay signs for this request; sharedSecret
// "" explains it without the token.
func ExplainXPayToken(apiKey, sharedSecret, method, url string, body []byte, fullPath bool, t Time) (*Explanation, error) {
	var a args
	k, s := a.text(apiKey, "api_key"), a.optText(nonEmpty(sharedSecret), "shared_secret")
	m, u, tt := a.text(method, "method"), a.text(url, "url"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return explanation(func(out **C.paysign_explanation) C.paysign_status {
		return C.paysign_explain_x_pay_token(k, s, m, u, b, bl, flag(fullPath), C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// ExplainCybersourceSignature explains what CyberSource signs; sharedSecret
// "" explains it without the headers.
func ExplainCybersourceSignature(merchantID, keyID, sharedSecret, method, url string, body []byte, t Time) (*Explanation, error) {
	var a args
	mi, k, s := a.text(merchantID, "merchant_id"), a.text(keyID, "key_id"), a.optText(nonEmpty(sharedSecret), "shared_secret")
	m, u, tt := a.text(method, "method"), a.text(url, "url"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return explanation(func(out **C.paysign_explanation) C.paysign_status {
		return C.paysign_explain_cybersource_signature(mi, k, s, m, u, b, bl, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// ExplainPaysimpleHeader explains what PaySimple signs; apiKey "" explains it
// without the header.
func ExplainPaysimpleHeader(username, apiKey string, t Time) (*Explanation, error) {
	var a args
	u, k, tt := a.text(username, "username"), a.optText(nonEmpty(apiKey), "api_key"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	return explanation(func(out **C.paysign_explanation) C.paysign_status {
		return C.paysign_explain_paysimple_header(u, k, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// ExplainCybersourceWebhook explains what a webhook notification's
// v-c-signature signs (<t>.<body>, t in Unix milliseconds); key "" explains
// it without the header.
func ExplainCybersourceWebhook(keyID, key string, body []byte, t Time) (*Explanation, error) {
	var a args
	i, k, tt := a.text(keyID, "key_id"), a.optText(nonEmpty(key), "key"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return explanation(func(out **C.paysign_explanation) C.paysign_status {
		return C.paysign_explain_cybersource_webhook(i, k, b, bl, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

func explanation(f func(out **C.paysign_explanation) C.paysign_status) (*Explanation, error) {
	var p *C.paysign_explanation
	if err := call(func() C.paysign_status { return f(&p) }); err != nil {
		return nil, err
	}
	defer C.paysign_explanation_free(p)
	var n C.size_t
	signed := C.paysign_explanation_signed(p, &n)
	e := &Explanation{
		Scheme: C.GoString(C.paysign_explanation_scheme(p)),
		Signed: C.GoBytes(unsafe.Pointer(signed), C.int(n)),
		Text:   C.GoString(C.paysign_explanation_text(p)),
	}
	for i := C.size_t(0); i < C.paysign_explanation_part_count(p); i++ {
		e.Parts = append(e.Parts, Part{
			C.GoString(C.paysign_explanation_part_name(p, i)),
			C.GoString(C.paysign_explanation_part_value(p, i)),
			C.GoString(C.paysign_explanation_part_why(p, i)),
		})
	}
	for i := C.size_t(0); i < C.paysign_explanation_header_count(p); i++ {
		e.Headers = append(e.Headers, Header{
			C.GoString(C.paysign_explanation_header_name(p, i)),
			C.GoString(C.paysign_explanation_header_value(p, i)),
		})
	}
	return e, nil
}

// Diagnosis says whether a received value is the correct one and, if not,
// which known mistakes produce it (ids, most likely first), what to fix and
// the correct value ("" when unknown).
type Diagnosis struct {
	Valid    bool
	Mistakes []string
	Message  string
	Expected string
}

// DiagnoseXPayToken diagnoses a received token for this request; t is when
// it was made, if known (Now: unknown, the token's own timestamp is used).
func DiagnoseXPayToken(token, apiKey, sharedSecret, method, url string, body []byte, fullPath bool, t Time) (*Diagnosis, error) {
	var a args
	tk, k, s := a.text(token, "token"), a.text(apiKey, "api_key"), a.text(sharedSecret, "shared_secret")
	m, u, tt := a.text(method, "method"), a.text(url, "url"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return diagnosis(func(out **C.paysign_diagnosis) C.paysign_status {
		return C.paysign_diagnose_x_pay_token(tk, k, s, m, u, b, bl, flag(fullPath), C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// DiagnoseCybersourceSignature diagnoses the CyberSource headers received.
func DiagnoseCybersourceSignature(headers []Header, merchantID, keyID, sharedSecret, method, url string, body []byte, t Time) (*Diagnosis, error) {
	var a args
	names, values, count := a.headers(headers)
	mi, k, s := a.text(merchantID, "merchant_id"), a.text(keyID, "key_id"), a.text(sharedSecret, "shared_secret")
	m, u, tt := a.text(method, "method"), a.text(url, "url"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return diagnosis(func(out **C.paysign_diagnosis) C.paysign_status {
		return C.paysign_diagnose_cybersource_signature(names, values, count, mi, k, s, m, u, b, bl, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

// DiagnosePaysimpleHeader diagnoses a received Authorization value;
// signedTimestamp is the text the sender signed, "" when unknown.
func DiagnosePaysimpleHeader(authorization, username, apiKey, signedTimestamp string) (*Diagnosis, error) {
	var a args
	au, u, k := a.text(authorization, "authorization"), a.text(username, "username"), a.text(apiKey, "api_key")
	ts := a.optText(nonEmpty(signedTimestamp), "signed_timestamp")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	return diagnosis(func(out **C.paysign_diagnosis) C.paysign_status {
		return C.paysign_diagnose_paysimple_header(au, u, k, ts, out)
	})
}

// DiagnoseCybersourceWebhook diagnoses the webhook headers received with this
// raw body; t stands in for the notification's time only when its t= is
// unreadable (Now: the current time).
func DiagnoseCybersourceWebhook(headers []Header, keyID, key string, body []byte, t Time) (*Diagnosis, error) {
	var a args
	names, values, count := a.headers(headers)
	i, k, tt := a.text(keyID, "key_id"), a.text(key, "key"), a.optText(t.text, "time_text")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return diagnosis(func(out **C.paysign_diagnosis) C.paysign_status {
		return C.paysign_diagnose_cybersource_webhook(names, values, count, i, k, b, bl, C.int64_t(t.unix), C.uint32_t(t.nanos), tt, out)
	})
}

func diagnosis(f func(out **C.paysign_diagnosis) C.paysign_status) (*Diagnosis, error) {
	var p *C.paysign_diagnosis
	if err := call(func() C.paysign_status { return f(&p) }); err != nil {
		return nil, err
	}
	defer C.paysign_diagnosis_free(p)
	d := &Diagnosis{
		Valid:    C.paysign_diagnosis_valid(p) != 0,
		Mistakes: []string{},
		Message:  C.GoString(C.paysign_diagnosis_message(p)),
	}
	if e := C.paysign_diagnosis_expected(p); e != nil {
		d.Expected = C.GoString(e)
	}
	for i := C.size_t(0); i < C.paysign_diagnosis_mistake_count(p); i++ {
		d.Mistakes = append(d.Mistakes, C.GoString(C.paysign_diagnosis_mistake(p, i)))
	}
	return d, nil
}

// --------------------------------------------------------------- verifiers

// Verified is what a verifier accepted: the scheme, the credential that
// matched (API key, key id or username), CyberSource's merchant id, when it
// was signed (Unix seconds) and the names of what the credential covered.
type Verified struct {
	Scheme     string
	KeyID      string
	MerchantID string
	Timestamp  int64
	Signed     []string
}

// Request is a request as a server received it: every header, in order,
// duplicates included, and the exact body. URL is absolute or the request
// target as received (r.URL.RequestURI()).
type Request struct {
	Method  string
	URL     string
	Headers []Header
	Body    []byte
}

// FromHTTP is r's method, request target and headers, with body (read by the
// caller, exactly as received).
func FromHTTP(r *http.Request, body []byte) Request {
	return Request{Method: r.Method, URL: r.URL.RequestURI(), Headers: fromHTTP(r.Header), Body: body}
}

// VerifierOption changes a verifier's defaults.
type VerifierOption func(*verifierOptions)

type verifierOptions struct {
	fullPath bool
	maxSkew  int64
	replay   bool
}

// WithFullPath checks X-Pay tokens over the whole URL path.
func WithFullPath() VerifierOption { return func(o *verifierOptions) { o.fullPath = true } }

// WithMaxSkew sets the window (whole seconds) instead of the scheme's.
func WithMaxSkew(d time.Duration) VerifierOption {
	return func(o *verifierOptions) { o.maxSkew = skew(d) }
}

// WithoutReplayProtection accepts the same credential more than once.
func WithoutReplayProtection() VerifierOption { return func(o *verifierOptions) { o.replay = false } }

func options(opts []VerifierOption) verifierOptions {
	o := verifierOptions{maxSkew: now, replay: true}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Verifier verifies whole requests of one scheme against a keyring, within
// the scheme's window, refusing replays (an in-process memory of 100000
// credentials shared by every goroutine). Safe for concurrent use.
type Verifier struct{ p *C.paysign_verifier }

// NewXPayVerifier verifies X-Pay requests for keys: API key → shared secret.
func NewXPayVerifier(keys map[string]string, opts ...VerifierOption) (*Verifier, error) {
	o := options(opts)
	return newVerifier(keys, func(ids, secrets **C.char, n C.size_t, out **C.paysign_verifier) C.paysign_status {
		return C.paysign_x_pay_verifier_new(ids, secrets, n, flag(o.fullPath), C.int64_t(o.maxSkew), flag(o.replay), out)
	})
}

// NewCyberSourceVerifier verifies CyberSource requests for keys: key id →
// base64 shared secret.
func NewCyberSourceVerifier(keys map[string]string, opts ...VerifierOption) (*Verifier, error) {
	o := options(opts)
	return newVerifier(keys, func(ids, secrets **C.char, n C.size_t, out **C.paysign_verifier) C.paysign_status {
		return C.paysign_cybersource_verifier_new(ids, secrets, n, C.int64_t(o.maxSkew), flag(o.replay), out)
	})
}

// NewPaySimpleVerifier verifies PaySimple requests for keys: username → API key.
func NewPaySimpleVerifier(keys map[string]string, opts ...VerifierOption) (*Verifier, error) {
	o := options(opts)
	return newVerifier(keys, func(ids, secrets **C.char, n C.size_t, out **C.paysign_verifier) C.paysign_status {
		return C.paysign_paysimple_verifier_new(ids, secrets, n, C.int64_t(o.maxSkew), flag(o.replay), out)
	})
}

func newVerifier(keys map[string]string, f func(ids, secrets **C.char, n C.size_t, out **C.paysign_verifier) C.paysign_status) (*Verifier, error) {
	var a args
	ids, secrets, n := a.keyring(keys)
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	v := &Verifier{}
	if err := call(func() C.paysign_status { return f(ids, secrets, n, &v.p) }); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(v, (*Verifier).Close)
	return v, nil
}

// Verify verifies r now.
func (v *Verifier) Verify(r Request) (*Verified, error) { return v.verify(r, now) }

// VerifyAt verifies r at now (whole seconds).
func (v *Verifier) VerifyAt(r Request, now time.Time) (*Verified, error) {
	return v.verify(r, now.Unix())
}

func (v *Verifier) verify(r Request, at int64) (*Verified, error) {
	defer runtime.KeepAlive(v)
	var a args
	m, u := a.text(r.Method, "method"), a.text(r.URL, "url")
	names, values, count := a.headers(r.Headers)
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(r.Body)
	return verified(func(out **C.paysign_verified) C.paysign_status {
		return C.paysign_verifier_verify(v.p, m, u, names, values, count, b, bl, C.int64_t(at), out)
	})
}

// Close frees the verifier.
func (v *Verifier) Close() {
	C.paysign_verifier_free(v.p)
	v.p = nil
}

// WebhookVerifier verifies CyberSource webhook notifications (v-c-signature).
type WebhookVerifier struct{ p *C.paysign_webhook_verifier }

// NewCyberSourceWebhookVerifier verifies notifications for keys: key id →
// base64 key. WithFullPath does not apply.
func NewCyberSourceWebhookVerifier(keys map[string]string, opts ...VerifierOption) (*WebhookVerifier, error) {
	o := options(opts)
	var a args
	ids, secrets, n := a.keyring(keys)
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	v := &WebhookVerifier{}
	if err := call(func() C.paysign_status {
		return C.paysign_cybersource_webhook_verifier_new(ids, secrets, n, C.int64_t(o.maxSkew), flag(o.replay), &v.p)
	}); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(v, (*WebhookVerifier).Close)
	return v, nil
}

// Verify verifies a notification's headers and raw body now.
func (v *WebhookVerifier) Verify(headers []Header, body []byte) (*Verified, error) {
	return v.verify(headers, body, now)
}

// VerifyAt verifies a notification at now.
func (v *WebhookVerifier) VerifyAt(headers []Header, body []byte, now time.Time) (*Verified, error) {
	return v.verify(headers, body, now.Unix())
}

func (v *WebhookVerifier) verify(headers []Header, body []byte, at int64) (*Verified, error) {
	defer runtime.KeepAlive(v)
	var a args
	names, values, count := a.headers(headers)
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return verified(func(out **C.paysign_verified) C.paysign_status {
		return C.paysign_webhook_verifier_verify(v.p, names, values, count, b, bl, C.int64_t(at), out)
	})
}

// Close frees the verifier.
func (v *WebhookVerifier) Close() {
	C.paysign_webhook_verifier_free(v.p)
	v.p = nil
}

func verified(f func(out **C.paysign_verified) C.paysign_status) (*Verified, error) {
	var p *C.paysign_verified
	if err := call(func() C.paysign_status { return f(&p) }); err != nil {
		return nil, err
	}
	defer C.paysign_verified_free(p)
	r := &Verified{
		Scheme:    C.GoString(C.paysign_verified_scheme(p)),
		KeyID:     C.GoString(C.paysign_verified_key_id(p)),
		Timestamp: int64(C.paysign_verified_timestamp(p)),
	}
	if m := C.paysign_verified_merchant_id(p); m != nil {
		r.MerchantID = C.GoString(m)
	}
	for i := C.size_t(0); i < C.paysign_verified_signed_count(p); i++ {
		r.Signed = append(r.Signed, C.GoString(C.paysign_verified_signed(p, i)))
	}
	return r, nil
}

// ---------------------------------------------------------------- conversion

// args collects the C memory of one call, and the first argument that
// cannot be passed.
type args struct {
	ptrs []unsafe.Pointer
	err  error
}

// text is s as a NUL-terminated C string. C text cannot carry NUL: such a
// string is refused rather than cut.
func (a *args) text(s, field string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		if a.err == nil {
			a.err = &InvalidArgumentError{field, field + ": contains U+0000, which C text cannot carry"}
		}
		return nil
	}
	p := C.CString(s)
	a.ptrs = append(a.ptrs, unsafe.Pointer(p))
	return p
}

// optText is NULL for nil, else text.
func (a *args) optText(s *string, field string) *C.char {
	if s == nil {
		return nil
	}
	return a.text(*s, field)
}

// list is a C array of C strings.
func (a *args) list(items []string, field string) **C.char {
	if len(items) == 0 {
		return nil
	}
	size := C.size_t(len(items)) * C.size_t(unsafe.Sizeof((*C.char)(nil)))
	array := C.malloc(size)
	a.ptrs = append(a.ptrs, array)
	slots := unsafe.Slice((**C.char)(array), len(items))
	for i, item := range items {
		slots[i] = a.text(item, field)
	}
	return (**C.char)(array)
}

func (a *args) headers(hs []Header) (**C.char, **C.char, C.size_t) {
	names, values := make([]string, len(hs)), make([]string, len(hs))
	for i, h := range hs {
		names[i], values[i] = h.Name, h.Value
	}
	return a.list(names, "header_names"), a.list(values, "header_values"), C.size_t(len(hs))
}

func (a *args) keyring(keys map[string]string) (**C.char, **C.char, C.size_t) {
	ids, secrets := make([]string, 0, len(keys)), make([]string, 0, len(keys))
	for id, secret := range keys {
		ids, secrets = append(ids, id), append(secrets, secret)
	}
	return a.list(ids, "key_ids"), a.list(secrets, "secrets"), C.size_t(len(ids))
}

func (a *args) free() {
	for _, p := range a.ptrs {
		C.free(p)
	}
}

func fromHTTP(h http.Header) []Header {
	var hs []Header
	for name, values := range h {
		for _, value := range values {
			hs = append(hs, Header{name, value})
		}
	}
	return hs
}

// bytes passes a body as a pointer into Go memory and a length (nil, 0 when empty).
func bytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

func flag(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func skew(d time.Duration) int64 {
	if d == DefaultMaxSkew {
		return now
	}
	s := int64(d / time.Second)
	if d < 0 && s == 0 {
		s = -1 // negative: refused by the library, however small
	}
	return s
}

// call runs f with the goroutine locked to its thread, so that the last
// failure read is the one of this call.
func call(f func() C.paysign_status) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return failure(f())
}

// output runs a function writing one text into a caller-owned buffer: a
// size query first (NULL, 0), then a buffer of the size the library reported.
func output(f func(out *C.char, cap C.size_t, n *C.size_t) C.paysign_status) (string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var n C.size_t
	st := f(nil, 0, &n)
	for st == C.PAYSIGN_BUFFER_TOO_SMALL {
		buf := make([]byte, int(n)+1)
		if st = f((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n); st == C.PAYSIGN_OK {
			return string(buf[:n]), nil
		}
	}
	return "", failure(st)
}

// failure maps a status to an error, with this thread's last failure: the
// caller holds runtime.LockOSThread across the call and this.
func failure(st C.paysign_status) error {
	switch st {
	case C.PAYSIGN_OK:
		return nil
	case C.PAYSIGN_NULL_ARGUMENT, C.PAYSIGN_INVALID_UTF8, C.PAYSIGN_INVALID_ARGUMENT:
		return &InvalidArgumentError{Field: last(lastField), Message: last(lastError)}
	case C.PAYSIGN_VERIFICATION_FAILED:
		return &VerificationError{Reason: last(lastReason), Message: last(lastError)}
	default:
		return errors.New("paysign: " + C.GoString(C.paysign_status_str(C.int32_t(st))) + ": " + last(lastError))
	}
}

const (
	lastError = iota
	lastField
	lastReason
)

// last is a part of this thread's last failure ("" if it cannot be read).
func last(which int) string {
	s, err := output(func(out *C.char, cap C.size_t, n *C.size_t) C.paysign_status {
		switch which {
		case lastError:
			return C.paysign_last_error(out, cap, n)
		case lastField:
			return C.paysign_last_field(out, cap, n)
		default:
			return C.paysign_last_reason(out, cap, n)
		}
	})
	if err != nil {
		return ""
	}
	return s
}
