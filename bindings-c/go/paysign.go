// Package paysign signs and verifies Visa X-Pay-Token, CyberSource HTTP
// Signature and PaySimple PSSERVER requests, over the C library libpaysign
// (cgo).
//
// Every rule lives in the library; this package only converts Go values and
// maps status codes to errors: a bad argument is an *InvalidArgumentError
// naming the argument, a request that does not verify a *VerificationError
// with a stable reason code. Messages never contain a secret.
//
// Building needs the installed library, found with pkg-config:
//
//	make -C bindings-c install PREFIX=$PREFIX
//	export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
//	export LD_LIBRARY_PATH=$PREFIX/lib   # at run time, or CGO_LDFLAGS=-Wl,-rpath,$PREFIX/lib
//
// The functions without a time argument use the current time (and, for the
// verifiers, the default window of 300 s); the ...At variants take it.
// Safe for concurrent use.
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

// DefaultMaxSkew, as the maxSkew of a Verify...At function, is the library's
// default window (300 s either side of now).
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
// unsupported_algorithm, unknown_key_id or unknown_access_id.
type VerificationError struct {
	Reason  string
	Message string
}

func (e *VerificationError) Error() string { return e.Message }

// Header is one header to send.
type Header struct {
	Name, Value string
}

// SignedRequest is what a request signer gives: the URL to send and the
// headers to add, in sending order.
type SignedRequest struct {
	URL     string
	Headers []Header
}

// Version is the library's version, e.g. "0.1.0".
func Version() string { return C.GoString(C.paysign_version()) }

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
	return output(64, func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
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
	var d *C.char
	if date != nil {
		d = a.text(*date, "date")
	}
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	block, err := output(512+len(keyID)+len(sharedSecret)+len(merchantID)+len(host)+len(requestTarget),
		func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
			return C.paysign_cybersource_signature(k, s, m, h, me, t, b, bl, d, out, n, l)
		})
	if err != nil {
		return nil, err
	}
	return headers(block), nil
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
	var t *C.char
	if timestamp != nil {
		t = a.text(*timestamp, "timestamp")
	}
	defer a.free()
	if a.err != nil {
		return "", a.err
	}
	return output(192+len(username), func(out *C.char, n C.size_t, l *C.size_t) C.paysign_status {
		return C.paysign_paysimple_header(u, k, t, out, n, l)
	})
}

// XPaySignRequest signs a whole X-Pay request from its URL, now: the URL to
// send (query sorted, apikey added) and the headers. fullPath signs the whole
// path instead of dropping its first segment.
func XPaySignRequest(apiKey, sharedSecret, method, url string, body []byte, fullPath bool) (*SignedRequest, error) {
	return xPaySignRequest(apiKey, sharedSecret, method, url, body, fullPath, now)
}

// XPaySignRequestAt is XPaySignRequest at t (whole seconds).
func XPaySignRequestAt(apiKey, sharedSecret, method, url string, body []byte, fullPath bool, t time.Time) (*SignedRequest, error) {
	return xPaySignRequest(apiKey, sharedSecret, method, url, body, fullPath, t.Unix())
}

func xPaySignRequest(apiKey, sharedSecret, method, url string, body []byte, fullPath bool, timestamp int64) (*SignedRequest, error) {
	var a args
	k, s, m, u := a.text(apiKey, "api_key"), a.text(sharedSecret, "shared_secret"), a.text(method, "method"), a.text(url, "url")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	full := C.int32_t(0)
	if fullPath {
		full = 1
	}
	return outputs(len(apiKey)+len(url), func(o1 *C.char, c1 C.size_t, l1 *C.size_t, o2 *C.char, c2 C.size_t, l2 *C.size_t) C.paysign_status {
		return C.paysign_x_pay_sign_request(k, s, m, u, b, bl, C.int64_t(timestamp), full, o1, c1, l1, o2, c2, l2)
	})
}

// CybersourceSignRequest signs a whole CyberSource request from its URL (Host
// and request target from the URL), dated now.
func CybersourceSignRequest(merchantID, keyID, sharedSecret, method, url string, body []byte) (*SignedRequest, error) {
	return cybersourceSignRequest(merchantID, keyID, sharedSecret, method, url, body, now)
}

// CybersourceSignRequestAt is CybersourceSignRequest dated t (whole seconds).
func CybersourceSignRequestAt(merchantID, keyID, sharedSecret, method, url string, body []byte, t time.Time) (*SignedRequest, error) {
	return cybersourceSignRequest(merchantID, keyID, sharedSecret, method, url, body, t.Unix())
}

func cybersourceSignRequest(merchantID, keyID, sharedSecret, method, url string, body []byte, unixTime int64) (*SignedRequest, error) {
	var a args
	m, k, s := a.text(merchantID, "merchant_id"), a.text(keyID, "key_id"), a.text(sharedSecret, "shared_secret")
	me, u := a.text(method, "method"), a.text(url, "url")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return outputs(len(merchantID)+len(keyID)+len(url), func(o1 *C.char, c1 C.size_t, l1 *C.size_t, o2 *C.char, c2 C.size_t, l2 *C.size_t) C.paysign_status {
		return C.paysign_cybersource_sign_request(m, k, s, me, u, b, bl, C.int64_t(unixTime), o1, c1, l1, o2, c2, l2)
	})
}

// PaysimpleSignRequest signs a whole PaySimple request, now: the URL to send
// and Authorization.
func PaysimpleSignRequest(username, apiKey, method, url string, body []byte) (*SignedRequest, error) {
	return paysimpleSignRequest(username, apiKey, method, url, body, now, 0)
}

// PaysimpleSignRequestAt is PaysimpleSignRequest timestamped t (UTC, to the
// 100 ns PaySimple shows).
func PaysimpleSignRequestAt(username, apiKey, method, url string, body []byte, t time.Time) (*SignedRequest, error) {
	return paysimpleSignRequest(username, apiKey, method, url, body, t.Unix(), uint32(t.Nanosecond()))
}

func paysimpleSignRequest(username, apiKey, method, url string, body []byte, unixTime int64, nanos uint32) (*SignedRequest, error) {
	var a args
	n, k, m, u := a.text(username, "username"), a.text(apiKey, "api_key"), a.text(method, "method"), a.text(url, "url")
	defer a.free()
	if a.err != nil {
		return nil, a.err
	}
	b, bl := bytes(body)
	return outputs(len(username)+len(url), func(o1 *C.char, c1 C.size_t, l1 *C.size_t, o2 *C.char, c2 C.size_t, l2 *C.size_t) C.paysign_status {
		return C.paysign_paysimple_sign_request(n, k, m, u, b, bl, C.int64_t(unixTime), C.uint32_t(nanos), o1, c1, l1, o2, c2, l2)
	})
}

// HMACSHA256 is the HMAC-SHA256 of data under key (32 bytes).
func HMACSHA256(key, data []byte) ([]byte, error) {
	k, kl := bytes(key)
	d, dl := bytes(data)
	mac := make([]byte, 32)
	var n C.size_t
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := failure(C.paysign_hmac_sha256(k, kl, d, dl, (*C.uint8_t)(unsafe.Pointer(&mac[0])), 32, &n)); err != nil {
		return nil, err
	}
	return mac, nil
}

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
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return failure(C.paysign_verify_x_pay_token(s, t, p, q, b, bl, C.int64_t(now), C.int64_t(maxSkew)))
}

// VerifyCybersourceSignature verifies a received CyberSource request, now,
// within the default window: headers as received (r.Header; names in any
// case, other headers allowed). A *VerificationError says why it does not
// verify.
func VerifyCybersourceSignature(sharedSecret string, headers http.Header, method, requestTarget string, body []byte) error {
	return verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, now, now)
}

// VerifyCybersourceSignatureAt is VerifyCybersourceSignature at now within maxSkew.
func VerifyCybersourceSignatureAt(sharedSecret string, headers http.Header, method, requestTarget string, body []byte, now time.Time, maxSkew time.Duration) error {
	return verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, now.Unix(), skew(maxSkew))
}

func verifyCybersourceSignature(sharedSecret string, headers http.Header, method, requestTarget string, body []byte, now, maxSkew int64) error {
	var block strings.Builder
	for name, values := range headers {
		for _, value := range values {
			if strings.ContainsAny(name, ":\r\n") || strings.ContainsAny(value, "\r\n") {
				return &InvalidArgumentError{"headers", "headers: a name holds ':' or a line break, or a value a line break"}
			}
			block.WriteString(name + ": " + value + "\r\n")
		}
	}
	var a args
	s, h := a.text(sharedSecret, "shared_secret"), a.text(block.String(), "headers")
	m, t := a.text(method, "method"), a.text(requestTarget, "request_target")
	defer a.free()
	if a.err != nil {
		return a.err
	}
	b, bl := bytes(body)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return failure(C.paysign_verify_cybersource_signature(s, h, m, t, b, bl, C.int64_t(now), C.int64_t(maxSkew)))
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
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return failure(C.paysign_verify_paysimple_header(h, k, C.int64_t(now), C.int64_t(maxSkew)))
}

// ---------------------------------------------------------------- conversion

// args collects the C strings of one call, and the first argument that cannot be one.
type args struct {
	ptrs []*C.char
	err  error
}

// text is s as a NUL-terminated C string (C.CString). C text cannot carry NUL:
// such a string is refused rather than cut.
func (a *args) text(s, field string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		if a.err == nil {
			a.err = &InvalidArgumentError{field, field + ": contains U+0000, which C text cannot carry"}
		}
		return nil
	}
	p := C.CString(s)
	a.ptrs = append(a.ptrs, p)
	return p
}

func (a *args) free() {
	for _, p := range a.ptrs {
		C.free(unsafe.Pointer(p))
	}
}

// bytes passes a body as a pointer into Go memory and a length (nil, 0 when empty).
func bytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
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

func headers(block string) []Header {
	var hs []Header
	for _, line := range strings.Split(block, "\r\n") {
		if name, value, ok := strings.Cut(line, ": "); ok && name != "" {
			hs = append(hs, Header{name, value})
		}
	}
	return hs
}

// output calls f with a buffer, and again with the size asked for if it was
// too small. The thread is locked so that the last error read is this call's.
func output(guess int, f func(out *C.char, cap C.size_t, n *C.size_t) C.paysign_status) (string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	buf := make([]byte, guess+128)
	var n C.size_t
	for {
		st := f((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n)
		if st == C.PAYSIGN_BUFFER_TOO_SMALL {
			buf = make([]byte, int(n)+1)
			continue
		}
		if err := failure(st); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	}
}

func outputs(guess int, f func(o1 *C.char, c1 C.size_t, l1 *C.size_t, o2 *C.char, c2 C.size_t, l2 *C.size_t) C.paysign_status) (*SignedRequest, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	url, hdrs := make([]byte, guess+256), make([]byte, guess+1024)
	var ul, hl C.size_t
	for {
		st := f((*C.char)(unsafe.Pointer(&url[0])), C.size_t(len(url)), &ul,
			(*C.char)(unsafe.Pointer(&hdrs[0])), C.size_t(len(hdrs)), &hl)
		if st == C.PAYSIGN_BUFFER_TOO_SMALL {
			url, hdrs = make([]byte, int(ul)+1), make([]byte, int(hl)+1)
			continue
		}
		if err := failure(st); err != nil {
			return nil, err
		}
		return &SignedRequest{URL: string(url[:ul]), Headers: headers(string(hdrs[:hl]))}, nil
	}
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

func last(which int) string {
	buf := make([]byte, 512)
	var n C.size_t
	for {
		p, c := (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))
		var st C.paysign_status
		switch which {
		case lastError:
			st = C.paysign_last_error(p, c, &n)
		case lastField:
			st = C.paysign_last_field(p, c, &n)
		default:
			st = C.paysign_last_reason(p, c, &n)
		}
		if st == C.PAYSIGN_BUFFER_TOO_SMALL {
			buf = make([]byte, int(n)+1)
			continue
		}
		if st != C.PAYSIGN_OK {
			return ""
		}
		return string(buf[:n])
	}
}
